frappe.query_reports["VAT Rate Changes"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -30),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "new_rate", label: __("New VAT Rate, %"), fieldtype: "Select", options: ["", "22", "10"] },
	],
};
