"""Custom fields pharmacy_ext adds to ERPNext and HRMS doctypes.

One constant drives install, every migrate (patches.txt re-runs `create_custom_fields`) and uninstall.
Fieldnames carry the `pharm_` prefix so they never collide with upstream fields.
"""

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields as _create

from pharmacy_ext.overrides.transaction_branch import WAREHOUSE_FIELDS

BRANCH_LINK = {
	"fieldname": "pharm_branch",
	"label": "Pharmacy Branch",
	"fieldtype": "Link",
	"options": "Branch",
	"insert_after": "company",
	"in_standard_filter": 1,
	"search_index": 1,
	"description": "Set from the warehouse; limits who can see the document",
}

# Documents that belong to one branch: branch staff see only their own (User Permission on Branch).
# Transactions get the branch from their warehouse; a Warehouse from its Branch.
BRANCH_SCOPED_DOCTYPES = (*WAREHOUSE_FIELDS, "Warehouse")

BRANCH_FIELDS = [
	{
		"fieldname": "pharm_section",
		"label": "Pharmacy Network",
		"fieldtype": "Section Break",
		"insert_after": "branch",
	},
	{
		"fieldname": "pharm_code",
		"label": "Branch Code",
		"fieldtype": "Data",
		"insert_after": "pharm_section",
		"unique": 1,
		"in_list_view": 1,
	},
	{
		"fieldname": "pharm_branch_type",
		"label": "Branch Type",
		"fieldtype": "Select",
		"options": "Pharmacy\nDistribution Centre\nOffice",
		"default": "Pharmacy",
		"insert_after": "pharm_code",
		"in_list_view": 1,
		"in_standard_filter": 1,
	},
	{
		"fieldname": "pharm_company",
		"label": "Company",
		"fieldtype": "Link",
		"options": "Company",
		"insert_after": "pharm_branch_type",
	},
	{
		"fieldname": "pharm_round_the_clock",
		"label": "Open 24 Hours",
		"fieldtype": "Check",
		"insert_after": "pharm_company",
	},
	{
		"fieldname": "pharm_opening_hours",
		"label": "Opening Hours",
		"fieldtype": "Data",
		"insert_after": "pharm_round_the_clock",
	},
	{"fieldname": "pharm_col_1", "fieldtype": "Column Break", "insert_after": "pharm_opening_hours"},
	{
		"fieldname": "pharm_warehouse",
		"label": "Warehouse",
		"fieldtype": "Link",
		"options": "Warehouse",
		"insert_after": "pharm_col_1",
	},
	{
		"fieldname": "pharm_cost_center",
		"label": "Cost Center",
		"fieldtype": "Link",
		"options": "Cost Center",
		"insert_after": "pharm_warehouse",
	},
	{
		"fieldname": "pharm_location",
		"label": "Asset Location",
		"fieldtype": "Link",
		"options": "Location",
		"insert_after": "pharm_cost_center",
	},
	{
		"fieldname": "pharm_city",
		"label": "City",
		"fieldtype": "Data",
		"insert_after": "pharm_location",
	},
	{
		"fieldname": "pharm_address",
		"label": "Address",
		"fieldtype": "Small Text",
		"insert_after": "pharm_city",
	},
	{
		"fieldname": "pharm_phone",
		"label": "Phone",
		"fieldtype": "Data",
		"options": "Phone",
		"insert_after": "pharm_address",
	},
]

CUSTOMER_FIELDS = [
	{
		"fieldname": "pharm_section",
		"label": "Pharmacy",
		"fieldtype": "Section Break",
		"insert_after": "customer_group",
		"collapsible": 1,
	},
	{
		"fieldname": "pharm_home_branch",
		"label": "Home Pharmacy",
		"fieldtype": "Link",
		"options": "Branch",
		"insert_after": "pharm_section",
		# Customers are chain-wide: any pharmacy serves them, so this link never hides a customer.
		"ignore_user_permissions": 1,
	},
	{
		"fieldname": "pharm_loyalty_card",
		"label": "Loyalty Card",
		"fieldtype": "Data",
		"insert_after": "pharm_home_branch",
		"search_index": 1,
	},
	{"fieldname": "pharm_col_1", "fieldtype": "Column Break", "insert_after": "pharm_loyalty_card"},
	{
		"fieldname": "pharm_birth_date",
		"label": "Date of Birth",
		"fieldtype": "Date",
		"insert_after": "pharm_col_1",
	},
	{
		"fieldname": "pharm_legacy_id",
		"label": "Legacy ID",
		"fieldtype": "Data",
		"insert_after": "pharm_birth_date",
		"read_only": 1,
		"unique": 1,
		"no_copy": 1,
		"description": "Identifier in the legacy Excel customer base",
	},
]

EMPLOYEE_FIELDS = [
	{
		"fieldname": "pharm_qualified_rx",
		"label": "Qualified for Prescription Dispensing",
		"fieldtype": "Check",
		"insert_after": "branch",
		"description": "May dispense prescription-only and ПКУ drugs",
	},
]

ITEM_FIELDS = [
	{
		"fieldname": "pharm_section",
		"label": "Pharmacy Facts",
		"fieldtype": "Section Break",
		"insert_after": "description",
		"collapsible": 1,
	},
	{
		"fieldname": "pharm_category",
		"label": "Pharmacy Category",
		"fieldtype": "Select",
		"options": "\nDrug\nSupplement\nMedical Device\nHygiene",
		"insert_after": "pharm_section",
		"in_standard_filter": 1,
	},
	{
		"fieldname": "pharm_inn",
		"label": "INN (МНН)",
		"fieldtype": "Data",
		"insert_after": "pharm_category",
		"search_index": 1,
		"in_standard_filter": 1,
	},
	{
		"fieldname": "pharm_trade_name",
		"label": "Trade Name",
		"fieldtype": "Data",
		"insert_after": "pharm_inn",
	},
	{
		"fieldname": "pharm_atc_code",
		"label": "ATC Code",
		"fieldtype": "Data",
		"insert_after": "pharm_trade_name",
		"search_index": 1,
	},
	{
		"fieldname": "pharm_dosage_form",
		"label": "Dosage Form",
		"fieldtype": "Data",
		"insert_after": "pharm_atc_code",
	},
	{
		"fieldname": "pharm_strength",
		"label": "Strength",
		"fieldtype": "Data",
		"insert_after": "pharm_dosage_form",
	},
	{
		"fieldname": "pharm_pack_qty",
		"label": "Units per Pack",
		"fieldtype": "Int",
		"insert_after": "pharm_strength",
	},
	{"fieldname": "pharm_col_1", "fieldtype": "Column Break", "insert_after": "pharm_pack_qty"},
	{
		"fieldname": "pharm_manufacturer",
		"label": "Manufacturer",
		"fieldtype": "Data",
		"insert_after": "pharm_col_1",
	},
	{
		"fieldname": "pharm_country",
		"label": "Country of Origin",
		"fieldtype": "Link",
		"options": "Country",
		"insert_after": "pharm_manufacturer",
	},
	{
		"fieldname": "pharm_rx_only",
		"label": "Prescription Only",
		"fieldtype": "Check",
		"insert_after": "pharm_country",
		"in_standard_filter": 1,
	},
	{
		"fieldname": "pharm_vital",
		"label": "Vital and Essential (ЖНВЛП)",
		"fieldtype": "Check",
		"insert_after": "pharm_rx_only",
	},
	{
		"fieldname": "pharm_pku",
		"label": "Subject-Quantitative Accounting (ПКУ)",
		"fieldtype": "Check",
		"insert_after": "pharm_vital",
	},
	{
		"fieldname": "pharm_storage",
		"label": "Storage Conditions",
		"fieldtype": "Data",
		"insert_after": "pharm_pku",
	},
]

INVOICE_RX_FIELDS = [
	{
		"fieldname": "pharm_rx_override",
		"label": "Sell Prescription Drugs Without Prescription",
		"fieldtype": "Check",
		"insert_after": "pharm_branch",
		"no_copy": 1,
		"description": "Senior pharmacist only; the reason is logged",
	},
	{
		"fieldname": "pharm_rx_override_reason",
		"label": "Reason",
		"fieldtype": "Small Text",
		"insert_after": "pharm_rx_override",
		"depends_on": "pharm_rx_override",
		"mandatory_depends_on": "pharm_rx_override",
		"no_copy": 1,
	},
]

INVOICE_ITEM_RX_FIELDS = [
	{
		"fieldname": "pharm_prescription",
		"label": "Prescription",
		"fieldtype": "Link",
		"options": "Prescription",
		"insert_after": "item_name",
		"no_copy": 1,
		"description": "Leave empty to use the customer's valid prescription that expires first",
	},
]

CUSTOM_FIELDS = {
	tuple(BRANCH_SCOPED_DOCTYPES): [BRANCH_LINK],
	"Branch": BRANCH_FIELDS,
	"Customer": CUSTOMER_FIELDS,
	"Employee": EMPLOYEE_FIELDS,
	"Item": ITEM_FIELDS,
	("Sales Invoice", "POS Invoice"): INVOICE_RX_FIELDS,
	("Sales Invoice Item", "POS Invoice Item"): INVOICE_ITEM_RX_FIELDS,
}


def create_custom_fields():
	_create(CUSTOM_FIELDS, ignore_validate=True)


def delete_custom_fields():
	import frappe

	for doctypes, fields in CUSTOM_FIELDS.items():
		for doctype in (doctypes,) if isinstance(doctypes, str) else doctypes:
			for field in fields:
				frappe.db.delete("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			frappe.clear_cache(doctype=doctype)
