frappe.query_reports["ATC Catalogue"] = {
	filters: [
		{
			fieldname: "branch",
			label: __("Pharmacy"),
			fieldtype: "Link",
			options: "Branch",
			default: frappe.defaults.get_user_default("Branch"),
		},
		{
			fieldname: "depth",
			label: __("Levels"),
			fieldtype: "Select",
			options: ["1", "2", "3", "4", "5"],
			default: "4",
		},
	],
	tree: true,
	name_field: "atc_code",
	parent_field: "parent_atc",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "atc_code" && data && data.atc_code) {
			// The group's items, in the Item list.
			return `<a href="/app/item?pharm_atc_code=${encodeURIComponent(JSON.stringify(["like", data.atc_code + "%"]))}">${value}</a>`;
		}
		return value;
	},
};
