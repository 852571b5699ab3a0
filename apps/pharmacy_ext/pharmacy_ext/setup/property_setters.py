"""Property setters pharmacy_ext puts on upstream doctypes (in code, like the custom fields).

Items are chain-wide: every pharmacy sells the same catalogue. An Item's defaults name the distribution centre's
warehouse and cost centre, which branch staff's User Permissions do not include, so without these setters a
pharmacist could list items but not open one (Frappe checks User Permissions on child rows too).
"""

from frappe.custom.doctype.property_setter.property_setter import make_property_setter

PROPERTY_SETTERS = (
	("Item Default", "default_warehouse", "ignore_user_permissions", "1", "Check"),
	("Item Default", "buying_cost_center", "ignore_user_permissions", "1", "Check"),
	("Item Default", "selling_cost_center", "ignore_user_permissions", "1", "Check"),
)


def create_property_setters():
	for doctype, fieldname, prop, value, property_type in PROPERTY_SETTERS:
		make_property_setter(
			doctype,
			fieldname,
			prop,
			value,
			property_type,
			validate_fields_for_doctype=False,
			is_system_generated=True,
		)


def delete_property_setters():
	import frappe

	for doctype, fieldname, prop, _value, _type in PROPERTY_SETTERS:
		frappe.db.delete("Property Setter", {"doc_type": doctype, "field_name": fieldname, "property": prop})
