"""Custom fields pharmacy_ext adds to ERPNext and HRMS doctypes.

Each capability keeps its own fields next to its code (`<capability>/custom_fields.py`); `CUSTOM_FIELDS`
merges them. One constant drives install, every migrate (patches.txt re-runs `create_custom_fields`) and uninstall.
Fieldnames carry the `pharm_` prefix so they never collide with upstream fields.
"""

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields as _create

from pharmacy_ext.catalogue.custom_fields import CUSTOM_FIELDS as CATALOGUE_FIELDS
from pharmacy_ext.omnichannel.custom_fields import CUSTOM_FIELDS as OMNICHANNEL_FIELDS
from pharmacy_ext.overrides.transaction_branch import WAREHOUSE_FIELDS
from pharmacy_ext.shifts.custom_fields import CUSTOM_FIELDS as SHIFT_FIELDS

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
	{
		"fieldname": "pharm_notify_via",
		"label": "Work Notifications Via",
		"fieldtype": "Select",
		"options": "Desk Only\nE-mail\nTelegram",
		"default": "Desk Only",
		"insert_after": "prefered_email",
		"description": "Shift swaps and other work notices come here too, besides the desk",
	},
	{
		"fieldname": "pharm_telegram_chat_id",
		"label": "Telegram Chat ID",
		"fieldtype": "Data",
		"insert_after": "pharm_notify_via",
		"depends_on": "eval:doc.pharm_notify_via=='Telegram'",
		"mandatory_depends_on": "eval:doc.pharm_notify_via=='Telegram'",
		"description": "Chat ID of the employee's private chat with the chain's bot: write to the bot once, then copy it from the Omnichannel Inbound Log",
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

CORE_FIELDS = {
	tuple(BRANCH_SCOPED_DOCTYPES): [BRANCH_LINK],
	"Branch": BRANCH_FIELDS,
	"Customer": CUSTOMER_FIELDS,
	"Employee": EMPLOYEE_FIELDS,
	("Sales Invoice", "POS Invoice"): INVOICE_RX_FIELDS,
	("Sales Invoice Item", "POS Invoice Item"): INVOICE_ITEM_RX_FIELDS,
}


def merge_fields(*sources: dict) -> dict:
	"""One {doctype: [fields]} map from the core and each capability's own `CUSTOM_FIELDS`."""
	merged: dict[str, list] = {}
	for source in sources:
		for doctypes, fields in source.items():
			for doctype in (doctypes,) if isinstance(doctypes, str) else doctypes:
				merged.setdefault(doctype, []).extend(fields)
	return merged


CUSTOM_FIELDS = merge_fields(CORE_FIELDS, CATALOGUE_FIELDS, OMNICHANNEL_FIELDS, SHIFT_FIELDS)


def create_custom_fields():
	_create(CUSTOM_FIELDS, ignore_validate=True)


def delete_custom_fields():
	import frappe

	for doctypes, fields in CUSTOM_FIELDS.items():
		for doctype in (doctypes,) if isinstance(doctypes, str) else doctypes:
			for field in fields:
				frappe.db.delete("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			frappe.clear_cache(doctype=doctype)
