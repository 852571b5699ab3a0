"""Every change of an item's VAT rate in a period, with the facts that caused it, for the accountant."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today


def execute(filters=None):
	filters = frappe._dict(filters or {})
	from_date = getdate(filters.from_date or add_days(today(), -30))
	to_date = getdate(filters.to_date or today())
	Change, Item = frappe.qb.DocType("Item VAT Change"), frappe.qb.DocType("Item")
	query = (
		frappe.qb.from_(Change)
		.join(Item)
		.on(Item.name == Change.item)
		.select(
			Change.changed_on,
			Change.item,
			Item.item_name,
			Item.pharm_category,
			Item.pharm_ru_number,
			Item.pharm_ru_kind,
			Item.pharm_ru_status,
			Change.old_rate,
			Change.new_rate,
			Change.reason,
			Change.owner.as_("changed_by"),
		)
		.where(Change.changed_on[from_date : add_days(to_date, 1)])
		.orderby(Change.changed_on, order=frappe.qb.desc)
	)
	if filters.new_rate:
		query = query.where(Change.new_rate == int(filters.new_rate))
	rows = query.run(as_dict=True)
	return columns(), rows, None, chart(rows)


def chart(rows) -> dict | None:
	if not rows:
		return None
	directions = {}
	for row in rows:
		key = f"{row.old_rate}% → {row.new_rate}%"
		directions[key] = directions.get(key, 0) + 1
	return {
		"data": {
			"labels": list(directions),
			"datasets": [{"name": _("Items"), "values": list(directions.values())}],
		},
		"type": "bar",
	}


def columns() -> list[dict]:
	return [
		{"label": _("Changed On"), "fieldname": "changed_on", "fieldtype": "Datetime", "width": 150},
		{"label": _("Item"), "fieldname": "item", "fieldtype": "Link", "options": "Item", "width": 150},
		{"label": _("Item Name"), "fieldname": "item_name", "fieldtype": "Data", "width": 220},
		{"label": _("Pharmacy Category"), "fieldname": "pharm_category", "fieldtype": "Data", "width": 110},
		{
			"label": _("Registration Certificate No."),
			"fieldname": "pharm_ru_number",
			"fieldtype": "Data",
			"width": 160,
		},
		{"label": _("Registration Under"), "fieldname": "pharm_ru_kind", "fieldtype": "Data", "width": 100},
		{
			"label": _("Registration Status"),
			"fieldname": "pharm_ru_status",
			"fieldtype": "Data",
			"width": 150,
		},
		{"label": _("Old VAT Rate, %"), "fieldname": "old_rate", "fieldtype": "Int", "width": 90},
		{"label": _("New VAT Rate, %"), "fieldname": "new_rate", "fieldtype": "Int", "width": 90},
		{"label": _("Reason"), "fieldname": "reason", "fieldtype": "Data", "width": 320},
		{
			"label": _("Changed By"),
			"fieldname": "changed_by",
			"fieldtype": "Link",
			"options": "User",
			"width": 160,
		},
	]
