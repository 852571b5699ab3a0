"""Analogues of a drug for the pharmacist at the till: the same INN, form and strength first (generic
substitutes), then the same ATC level-4 group (therapeutic alternatives), each with its retail price, the
stock in the pharmacist's own pharmacy and which other pharmacies have it.

Stock of other pharmacies is shown on purpose (where to send the customer), so Bin is read directly, after
the caller's right to read items is checked.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum

OTHER_PHARMACIES_SHOWN = 3


@frappe.whitelist()
def get_analogues(item_code: str, branch: str | None = None, limit: int = 20) -> dict:
	frappe.has_permission("Item", "read", throw=True)
	item = frappe.db.get_value(
		"Item",
		item_code,
		["name", "item_name", "pharm_inn", "pharm_dosage_form", "pharm_strength", "pharm_atc_code"],
		as_dict=True,
	)
	if not item:
		frappe.throw(_("Item {0} not found").format(item_code), frappe.DoesNotExistError)
	branch = branch or frappe.defaults.get_user_default("Branch")
	substitutes = same_inn_form_strength(item, limit)
	alternatives = same_atc_group(item, exclude={item.name, *substitutes}, limit=limit)
	return {
		"item": item,
		"branch": branch,
		"substitutes": with_price_and_stock(substitutes, branch),
		"alternatives": with_price_and_stock(alternatives, branch),
	}


def same_inn_form_strength(item, limit: int) -> list[str]:
	if not item.pharm_inn:
		return []
	Item = frappe.qb.DocType("Item")
	query = (
		frappe.qb.from_(Item)
		.select(Item.name)
		# The utf8mb4_unicode_ci collation compares case-insensitively, so the index on pharm_inn is used.
		.where(Item.pharm_inn == item.pharm_inn)
		.where(Item.disabled == 0)
		.where(Item.name != item.name)
		.orderby(Item.item_name)
		.limit(limit)
	)
	for field in ("pharm_dosage_form", "pharm_strength"):
		if item.get(field):
			query = query.where(Item[field] == item.get(field))
	return [row[0] for row in query.run()]


def same_atc_group(item, exclude: set, limit: int) -> list[str]:
	# ATC level 4 is the first five characters, e.g. M01AE (propionic acid derivatives).
	if not item.pharm_atc_code or len(item.pharm_atc_code) < 5:
		return []
	Item = frappe.qb.DocType("Item")
	rows = (
		frappe.qb.from_(Item)
		.select(Item.name)
		.where(Item.pharm_atc_code.like(f"{item.pharm_atc_code[:5]}%"))
		.where(Item.disabled == 0)
		.where(Item.name.notin(list(exclude)))
		.orderby(Item.item_name)
		.limit(limit)
		.run()
	)
	return [row[0] for row in rows]


def with_price_and_stock(
	item_codes: list[str], branch: str | None, names: dict[str, str] | None = None
) -> list[dict]:
	"""Price and stock per item; `names` ({code: item name}) saves the lookup when the caller has them."""
	if not item_codes:
		return []
	names = names or dict(
		frappe.get_all(
			"Item", filters={"name": ["in", item_codes]}, fields=["name", "item_name"], as_list=True
		)
	)
	prices = retail_prices(item_codes)
	stock = stock_by_branch(item_codes)
	result = []
	for code in item_codes:
		per_branch = stock.get(code, {})
		others = sorted(((b, q) for b, q in per_branch.items() if b != branch), key=lambda bq: -bq[1])
		result.append(
			{
				"item_code": code,
				"item_name": names.get(code),
				"price": prices.get(code),
				"stock_here": per_branch.get(branch, 0) if branch else None,
				"other_pharmacies": [{"branch": b, "qty": q} for b, q in others[:OTHER_PHARMACIES_SHOWN]],
			}
		)
	return result


def retail_prices(item_codes: list[str]) -> dict[str, float]:
	price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list")
	return dict(
		frappe.get_all(
			"Item Price",
			filters={"item_code": ["in", item_codes], "price_list": price_list},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		)
	)


def stock_by_branch(item_codes: list[str]) -> dict[str, dict[str, float]]:
	Bin, Warehouse = frappe.qb.DocType("Bin"), frappe.qb.DocType("Warehouse")
	rows = (
		frappe.qb.from_(Bin)
		.join(Warehouse)
		.on(Warehouse.name == Bin.warehouse)
		.select(Bin.item_code, Warehouse.pharm_branch, Sum(Bin.actual_qty))
		.where(Bin.item_code.isin(item_codes))
		.where(Warehouse.pharm_branch.isnotnull())
		.where(Bin.actual_qty > 0)
		.groupby(Bin.item_code, Warehouse.pharm_branch)
		.run()
	)
	stock: dict[str, dict[str, float]] = {}
	for code, branch, qty in rows:
		stock.setdefault(code, {})[branch] = float(qty)
	return stock
