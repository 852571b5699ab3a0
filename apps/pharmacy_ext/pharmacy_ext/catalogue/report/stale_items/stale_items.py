"""Items with no stock and no movement for N months, proposed for disabling (see catalogue/stale.py)."""

import frappe
from frappe import _

from pharmacy_ext.catalogue.stale import DEFAULT_MONTHS, stale_items


def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Item", "read", throw=True)
	rows = stale_items(int(filters.months or DEFAULT_MONTHS))
	return columns(), rows, None, chart(rows)


def chart(rows) -> dict | None:
	if not rows:
		return None
	by_category = {}
	for row in rows:
		label = _(row.pharm_category) if row.pharm_category else _("Not Set")
		by_category[label] = by_category.get(label, 0) + 1
	return {
		"data": {
			"labels": list(by_category),
			"datasets": [{"name": _("Stale Items"), "values": list(by_category.values())}],
		},
		"type": "pie",
	}


def columns() -> list[dict]:
	return [
		{"label": _("Item"), "fieldname": "name", "fieldtype": "Link", "options": "Item", "width": 160},
		{"label": _("Item Name"), "fieldname": "item_name", "fieldtype": "Data", "width": 280},
		{"label": _("Pharmacy Category"), "fieldname": "pharm_category", "fieldtype": "Data", "width": 130},
		{"label": _("Last Stock Movement"), "fieldname": "last_movement", "fieldtype": "Date", "width": 130},
		{"label": _("Last Legacy Sale"), "fieldname": "last_legacy_sale", "fieldtype": "Date", "width": 130},
		{"label": _("Created On"), "fieldname": "creation", "fieldtype": "Datetime", "width": 150},
	]
