"""The drug catalogue as the ATC tree: how many items each group has, how many are in stock and how much sold in
the last 30 days, in one pharmacy or the whole chain. Rows open the Item list of their group."""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import add_days, today

from pharmacy_ext.catalogue.atc import ANATOMICAL_GROUPS, level_of, levels


def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Item", "read", throw=True)
	depth = int(filters.depth or 4)
	items = frappe.get_all(
		"Item",
		filters={"disabled": 0, "pharm_atc_code": ["is", "set"]},
		fields=["name", "pharm_atc_code", "pharm_inn"],
	)
	stock = stock_by_item(filters.branch)
	sold = sold_by_item(filters.branch)
	groups: dict[str, dict] = {}
	for item in items:
		for code in levels(item.pharm_atc_code)[:depth]:
			group = groups.setdefault(
				code, {"items": 0, "in_stock": 0, "stock_qty": 0.0, "sold_30d": 0.0, "inns": set()}
			)
			group["items"] += 1
			group["in_stock"] += 1 if stock.get(item.name, 0) > 0 else 0
			group["stock_qty"] += stock.get(item.name, 0)
			group["sold_30d"] += sold.get(item.name, 0)
			if item.pharm_inn:
				group["inns"].add(item.pharm_inn)
	rows = [row(code, groups[code], depth) for code in sorted(groups)]
	return columns(), rows, None, chart(groups)


def row(code: str, group: dict, depth: int) -> dict:
	level = level_of(code)
	if level == 1:
		title = _(ANATOMICAL_GROUPS.get(code, code))
	else:
		inns = sorted(group["inns"])
		title = ", ".join(inns[:4]) + (" …" if len(inns) > 4 else "")
	return {
		"atc_code": code,
		"title": title,
		"indent": level - 1,
		"is_group": level < depth,
		"parent_atc": levels(code)[-2] if level > 1 else None,
		"items": group["items"],
		"in_stock": group["in_stock"],
		"stock_qty": group["stock_qty"],
		"sold_30d": group["sold_30d"],
	}


def stock_by_item(branch: str | None) -> dict[str, float]:
	Bin, Warehouse = frappe.qb.DocType("Bin"), frappe.qb.DocType("Warehouse")
	query = (
		frappe.qb.from_(Bin)
		.join(Warehouse)
		.on(Warehouse.name == Bin.warehouse)
		.select(Bin.item_code, Sum(Bin.actual_qty))
		.where(Warehouse.pharm_branch.isnotnull())
		.groupby(Bin.item_code)
	)
	if branch:
		query = query.where(Warehouse.pharm_branch == branch)
	return {code: float(qty or 0) for code, qty in query.run()}


def sold_by_item(branch: str | None) -> dict[str, float]:
	Invoice, Line = frappe.qb.DocType("Sales Invoice"), frappe.qb.DocType("Sales Invoice Item")
	query = (
		frappe.qb.from_(Line)
		.join(Invoice)
		.on(Invoice.name == Line.parent)
		.select(Line.item_code, Sum(Line.stock_qty))
		.where(Invoice.docstatus == 1)
		.where(Invoice.is_return == 0)
		.where(Invoice.posting_date >= add_days(today(), -30))
		.groupby(Line.item_code)
	)
	if branch:
		query = query.where(Invoice.pharm_branch == branch)
	return {code: float(qty or 0) for code, qty in query.run()}


def chart(groups: dict) -> dict | None:
	top = sorted((c for c in groups if len(c) == 1), key=lambda c: -groups[c]["sold_30d"])
	if not top:
		return None
	return {
		"data": {
			"labels": [f"{c} {_(ANATOMICAL_GROUPS.get(c, ''))}"[:40] for c in top],
			"datasets": [{"name": _("Sold in 30 Days"), "values": [groups[c]["sold_30d"] for c in top]}],
		},
		"type": "bar",
	}


def columns() -> list[dict]:
	return [
		{"label": _("ATC Code"), "fieldname": "atc_code", "fieldtype": "Data", "width": 140},
		{"label": _("Group / Substances"), "fieldname": "title", "fieldtype": "Data", "width": 380},
		{"label": _("Items"), "fieldname": "items", "fieldtype": "Int", "width": 80},
		{"label": _("In Stock"), "fieldname": "in_stock", "fieldtype": "Int", "width": 90},
		{"label": _("Stock Qty"), "fieldname": "stock_qty", "fieldtype": "Float", "width": 110},
		{"label": _("Sold in 30 Days"), "fieldname": "sold_30d", "fieldtype": "Float", "width": 120},
	]
