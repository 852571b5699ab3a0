"""Stale items: on the books but dead. No stock anywhere, and no stock movement or sale (including the legacy
sales history) for N months. The steward reviews the list and disables them in one action; disabled items
drop out of the till's search but keep their history.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Max, Sum
from frappe.utils import add_months, getdate, today

DEFAULT_MONTHS = 6


def stale_items(months: int = DEFAULT_MONTHS, limit: int = 5000, only: list[str] | None = None) -> list[dict]:
	cutoff = add_months(getdate(today()), -int(months))
	Item, Bin = frappe.qb.DocType("Item"), frappe.qb.DocType("Bin")
	SLE, Legacy = frappe.qb.DocType("Stock Ledger Entry"), frappe.qb.DocType("Legacy Sales Line")
	stock = frappe.qb.from_(Bin).select(Bin.item_code, Sum(Bin.actual_qty).as_("qty")).groupby(Bin.item_code)
	moved = (
		frappe.qb.from_(SLE)
		.select(SLE.item_code, Max(SLE.posting_date).as_("last"))
		.where(SLE.is_cancelled == 0)
		.groupby(SLE.item_code)
	)
	sold = (
		frappe.qb.from_(Legacy)
		.select(Legacy.item_code, Max(Legacy.posting_date).as_("last"))
		.groupby(Legacy.item_code)
	)
	stock, moved, sold = stock.as_("stock"), moved.as_("moved"), sold.as_("sold")
	query = (
		frappe.qb.from_(Item)
		.left_join(stock)
		.on(stock.item_code == Item.name)
		.left_join(moved)
		.on(moved.item_code == Item.name)
		.left_join(sold)
		.on(sold.item_code == Item.name)
		.select(
			Item.name,
			Item.item_name,
			Item.pharm_category,
			Item.creation,
			moved.last.as_("last_movement"),
			sold.last.as_("last_legacy_sale"),
		)
		.where(Item.disabled == 0)
		.where(Item.is_stock_item == 1)
		.where(Item.creation < cutoff)
		.where((stock.qty.isnull()) | (stock.qty == 0))
		.where((moved.last.isnull()) | (moved.last < cutoff))
		.where((sold.last.isnull()) | (sold.last < cutoff))
		.orderby(Item.item_name)
		.limit(limit)
	)
	if only is not None:
		query = query.where(Item.name.isin(only or [""]))
	return query.run(as_dict=True)


@frappe.whitelist()
def disable_items(items: list[str] | str, months: int = DEFAULT_MONTHS) -> dict:
	"""Disable the chosen stale items; each is re-checked, so an item that moved meanwhile stays enabled."""
	items = frappe.parse_json(items) if isinstance(items, str) else items
	frappe.has_permission("Item", "write", throw=True)
	still_stale = {row.name for row in stale_items(months, limit=len(items), only=items)}
	disabled, kept = [], []
	for code in items:
		if code not in still_stale or not frappe.has_permission("Item", "write", doc=code):
			kept.append(code)
			continue
		frappe.db.set_value("Item", code, "disabled", 1)
		frappe.get_doc("Item", code).add_comment(
			"Info", _("Disabled as a stale item (no stock, no movement)")
		)
		disabled.append(code)
	from pharmacy_ext.catalogue.search import invalidate_index

	invalidate_index()
	return {"disabled": disabled, "kept": kept}
