"""Item cards that lack facts their category requires, least complete first, for the catalogue steward."""

import frappe
from frappe import _

CATEGORIES = ("Drug", "Supplement", "Medical Device", "Hygiene", "")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = frappe.get_all(
		"Item",
		filters=item_filters(filters),
		fields=[
			"name",
			"item_name",
			"pharm_category",
			"item_group",
			"pharm_completeness",
			"pharm_missing_facts",
			"modified",
		],
		order_by="pharm_completeness asc, item_name asc",
		limit_page_length=int(filters.limit or 1000),
	)
	return columns(), rows, None, chart(filters)


def item_filters(filters) -> dict:
	conditions = {"disabled": 0, "pharm_completeness": ["<", float(filters.below or 100)]}
	if filters.category:
		conditions["pharm_category"] = "" if filters.category == "Not Set" else filters.category
	if filters.item_group:
		conditions["item_group"] = filters.item_group
	return conditions


def chart(filters) -> dict:
	"""Incomplete cards per category: where the steward's work is."""
	counts = dict(
		frappe.get_all(
			"Item",
			filters=item_filters(frappe._dict({**filters, "category": None})),
			fields=["pharm_category", "count(name) as cards"],
			group_by="pharm_category",
			as_list=True,
		)
	)
	labels = [_(c) if c else _("Not Set") for c in CATEGORIES]
	values = [counts.get(c, 0) + (counts.get(None, 0) if c == "" else 0) for c in CATEGORIES]
	return {
		"data": {"labels": labels, "datasets": [{"name": _("Incomplete Cards"), "values": values}]},
		"type": "bar",
		"colors": ["#e24c4c"],
	}


def columns() -> list[dict]:
	return [
		{"label": _("Item"), "fieldname": "name", "fieldtype": "Link", "options": "Item", "width": 160},
		{"label": _("Item Name"), "fieldname": "item_name", "fieldtype": "Data", "width": 260},
		{"label": _("Pharmacy Category"), "fieldname": "pharm_category", "fieldtype": "Data", "width": 130},
		{
			"label": _("Item Group"),
			"fieldname": "item_group",
			"fieldtype": "Link",
			"options": "Item Group",
			"width": 140,
		},
		{
			"label": _("Card Completeness, %"),
			"fieldname": "pharm_completeness",
			"fieldtype": "Percent",
			"width": 120,
		},
		{
			"label": _("Missing Facts"),
			"fieldname": "pharm_missing_facts",
			"fieldtype": "Small Text",
			"width": 400,
		},
	]
