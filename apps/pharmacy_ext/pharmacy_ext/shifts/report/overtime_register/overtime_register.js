frappe.query_reports["Overtime Register"] = {
	filters: [
		{
			fieldname: "overtime_period",
			label: __("Overtime Period"),
			fieldtype: "Link",
			options: "Overtime Period",
			get_query: () => ({ filters: { docstatus: ["<", 2] } }),
		},
		{ fieldname: "branch", label: __("Pharmacy"), fieldtype: "Link", options: "Branch" },
		{ fieldname: "employee", label: __("Employee"), fieldtype: "Link", options: "Employee" },
	],
};
