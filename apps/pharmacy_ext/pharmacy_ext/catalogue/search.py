"""Item search at the till: by trade name, INN, barcode scan or a misspelt Russian name.

A scan (8-14 digits) is an exact barcode lookup. Text goes to the database first (prefix and substring on the
name, trade name and INN, which the collation compares case- and ё-insensitively); when that finds too little,
a fuzzy match runs over an in-memory index of the whole catalogue (rapidfuzz, a few tens of milliseconds on
50,000 items). A query typed in the wrong keyboard layout ("fcgbhby") is retried in Russian layout.

The index is built once per worker process and rebuilt when any Item changes (a version number in Redis that
the Item hooks bump), so a queue of customers never waits for a rebuild on every keystroke.
"""

import re

import frappe
from frappe import _
from frappe.query_builder import Criterion
from rapidfuzz import fuzz, process, utils

from pharmacy_ext.catalogue.analogues import with_price_and_stock

INDEX_VERSION_KEY = "pharm_item_search_version"
FUZZY_CUTOFF = 72
BARCODE = re.compile(r"^\d{8,14}$")
LATIN_TO_CYRILLIC = str.maketrans(
	"qwertyuiop[]asdfghjkl;'zxcvbnm,.`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>~",
	"йцукенгшщзхъфывапролджэячсмитьбюёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ",
)

_index: dict = {}


@frappe.whitelist()
def search_items(text: str, branch: str | None = None, limit: int = 20) -> dict:
	"""Items matching `text`, best first, each with price and stock here and in the other pharmacies."""
	frappe.has_permission("Item", "read", throw=True)
	text = (text or "").strip()
	limit = min(int(limit), 50)
	if len(text) < 2:
		return {"items": [], "match": None}
	branch = branch or frappe.defaults.get_user_default("Branch")
	codes, match = find_item_codes(text, limit)
	details = item_details(codes)
	items = [
		{**details[code], **stock}
		for code, stock in zip(codes, with_price_and_stock(codes, branch), strict=True)
	]
	return {"items": items, "match": match, "branch": branch}


def find_item_codes(text: str, limit: int) -> tuple[list[str], str | None]:
	if BARCODE.match(text):
		code = frappe.db.get_value("Item Barcode", {"barcode": text}, "parent")
		return ([code], "barcode") if code else ([], None)
	codes = database_matches(text, limit)
	match = "name" if codes else None
	if len(codes) < limit:
		fuzzy = [c for c in fuzzy_matches(text, limit) if c not in codes]
		if fuzzy:
			codes, match = codes + fuzzy[: limit - len(codes)], match or "fuzzy"
	if not codes and re.search("[a-zA-Z]", text):
		return find_item_codes(text.translate(LATIN_TO_CYRILLIC), limit)
	return codes, match


def database_matches(text: str, limit: int) -> list[str]:
	Item = frappe.qb.DocType("Item")
	pattern = text.replace("%", "").replace("_", "")
	columns = (Item.item_name, Item.pharm_trade_name, Item.pharm_inn)
	prefix = Criterion.any([column.like(f"{pattern}%") for column in columns])
	rows = (
		frappe.qb.from_(Item)
		.select(Item.name)
		.where(Item.disabled == 0)
		.where(prefix)
		.orderby(Item.item_name)
		.limit(limit)
		.run()
	)
	codes = [row[0] for row in rows]
	if len(codes) < limit and len(pattern) >= 3:
		contains = Criterion.any([column.like(f"%{pattern}%") for column in columns])
		rows = (
			frappe.qb.from_(Item)
			.select(Item.name)
			.where(Item.disabled == 0)
			.where(contains)
			.where(Item.name.notin(codes or [""]))
			.orderby(Item.item_name)
			.limit(limit - len(codes))
			.run()
		)
		codes += [row[0] for row in rows]
	return codes


def fuzzy_matches(text: str, limit: int) -> list[str]:
	codes, choices = search_index()
	found = process.extract(
		text,
		choices,
		scorer=fuzz.WRatio,
		processor=utils.default_process,
		limit=limit * 2,
		score_cutoff=FUZZY_CUTOFF,
	)
	seen, result = set(), []
	for _choice, _score, position in found:
		code = codes[position]
		if code not in seen:
			seen.add(code)
			result.append(code)
	return result[:limit]


def search_index() -> tuple[list[str], list[str]]:
	"""(item codes, searchable strings) for every enabled item; an item appears once per name it is known by."""
	version = frappe.cache.get_value(INDEX_VERSION_KEY) or 0
	key = (frappe.local.site, version)
	if _index.get("key") != key:
		codes, choices = [], []
		for name, item_name, trade_name, inn in frappe.get_all(
			"Item",
			filters={"disabled": 0},
			fields=["name", "item_name", "pharm_trade_name", "pharm_inn"],
			as_list=True,
		):
			for value in {item_name, trade_name, inn} - {None, ""}:
				codes.append(name)
				choices.append(value)
		_index.update(key=key, codes=codes, choices=choices)
	return _index["codes"], _index["choices"]


def invalidate_index():
	frappe.cache.set_value(INDEX_VERSION_KEY, frappe.generate_hash(length=8))


def item_details(codes: list[str]) -> dict[str, dict]:
	rows = frappe.get_all(
		"Item",
		filters={"name": ["in", codes or [""]]},
		fields=[
			"name as item_code",
			"item_name",
			"pharm_inn",
			"pharm_dosage_form",
			"pharm_strength",
			"pharm_pack_qty",
			"pharm_rx_only",
			"pharm_pku",
			"stock_uom",
		],
	)
	return {row.item_code: row for row in rows}


@frappe.whitelist()
def item_card(item_code: str) -> dict:
	"""The facts a pharmacist needs about one item, for the finder's side panel."""
	frappe.has_permission("Item", "read", doc=item_code, throw=True)
	item = frappe.get_doc("Item", item_code)
	facts = (
		"pharm_inn",
		"pharm_trade_name",
		"pharm_atc_code",
		"pharm_dosage_form",
		"pharm_strength",
		"pharm_pack_qty",
		"pharm_manufacturer",
		"pharm_country",
		"pharm_rx_only",
		"pharm_vital",
		"pharm_pku",
		"pharm_storage",
		"pharm_marking",
		"pharm_ru_number",
		"pharm_ru_status",
		"pharm_vat_rate",
	)
	meta = frappe.get_meta("Item")
	return {
		"item_code": item.name,
		"item_name": item.item_name,
		"facts": [
			{"label": _(meta.get_label(f)), "value": item.get(f), "fieldtype": meta.get_field(f).fieldtype}
			for f in facts
			if item.get(f)
		],
		"barcodes": [row.barcode for row in item.barcodes],
	}
