frappe.query_reports["Incomplete Item Cards"] = {
	filters: [
		{
			fieldname: "category",
			label: __("Pharmacy Category"),
			fieldtype: "Select",
			options: ["", "Drug", "Supplement", "Medical Device", "Hygiene", "Not Set"],
		},
		{ fieldname: "item_group", label: __("Item Group"), fieldtype: "Link", options: "Item Group" },
		{ fieldname: "below", label: __("Completeness Below, %"), fieldtype: "Percent", default: 100 },
	],
};
