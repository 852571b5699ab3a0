"""Custom fields this capability adds to upstream doctypes; merged by pharmacy_ext.setup.custom_fields."""

CUSTOM_FIELDS: dict = {
	"Employee": [
		{
			"fieldname": "pharm_shift_section",
			"label": "Shifts and Working Time",
			"fieldtype": "Section Break",
			"insert_after": "default_shift",
			"collapsible": 1,
		},
		{
			"fieldname": "pharm_shift_pattern",
			"label": "Shift Pattern",
			"fieldtype": "Link",
			"options": "Shift Pattern",
			"insert_after": "pharm_shift_section",
		},
		{
			"fieldname": "pharm_pattern_offset",
			"label": "Day of the Cycle at Its Start",
			"fieldtype": "Int",
			"insert_after": "pharm_shift_pattern",
			"description": "0 = the pattern's first day; staff of one pharmacy use different offsets",
		},
		{"fieldname": "pharm_shift_col", "fieldtype": "Column Break", "insert_after": "pharm_pattern_offset"},
		{
			"fieldname": "pharm_employment_rate",
			"label": "Employment Rate",
			"fieldtype": "Float",
			"default": "1",
			"insert_after": "pharm_shift_col",
			"description": "1 = full time; the norm of hours is multiplied by it",
		},
		{
			"fieldname": "pharm_hourly_rate",
			"label": "Hourly Rate",
			"fieldtype": "Currency",
			"insert_after": "pharm_employment_rate",
			"description": "Used when the employee has no Salary Structure Assignment",
		},
	],
	"Shift Assignment": [
		{
			"fieldname": "pharm_branch",
			"label": "Pharmacy",
			"fieldtype": "Link",
			"options": "Branch",
			"insert_after": "company",
			"in_standard_filter": 1,
			"search_index": 1,
			"description": "Where the shift is worked; empty: the employee's branch",
		},
		{
			"fieldname": "pharm_rx_duty",
			"label": "Prescription Dispensing Duty",
			"fieldtype": "Check",
			"insert_after": "pharm_branch",
			"description": "Whoever works this shift must be qualified for prescription dispensing",
		},
		{
			"fieldname": "pharm_swap_request",
			"label": "Shift Swap Request",
			"fieldtype": "Link",
			"options": "Shift Swap Request",
			"insert_after": "shift_request",
			"read_only": 1,
			"no_copy": 1,
		},
	],
	"Shift Type": [
		{
			"fieldname": "pharm_unpaid_break",
			"label": "Unpaid Break (Minutes)",
			"fieldtype": "Int",
			"insert_after": "end_time",
			"description": "Meal break inside the shift, not working time (Labour Code of Russia, art. 108)",
		},
	],
	"Additional Salary": [
		{
			"fieldname": "pharm_overtime_period",
			"label": "Overtime Period",
			"fieldtype": "Link",
			"options": "Overtime Period",
			"insert_after": "ref_docname",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	],
}
