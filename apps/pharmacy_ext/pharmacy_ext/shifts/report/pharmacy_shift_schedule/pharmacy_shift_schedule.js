frappe.query_reports["Pharmacy Shift Schedule"] = {
	filters: [
		{ fieldname: "branch", label: __("Pharmacy"), fieldtype: "Link", options: "Branch", reqd: 1 },
		{
			fieldname: "month",
			label: __("Month"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{ fieldname: "employee", label: __("Employee"), fieldtype: "Link", options: "Employee" },
	],
	onload(report) {
		if (!report.get_filter_value("branch")) {
			frappe.db
				.get_value("Employee", { user_id: frappe.session.user }, "branch")
				.then((r) => r.message && r.message.branch && report.set_filter_value("branch", r.message.branch));
		}
	},
};
