"""Item search at the till: by trade name, INN, barcode scan or a misspelt Russian name.

A scan (8-14 digits) is an exact barcode lookup in the database. Text is looked up in an in-memory index of
the catalogue: first the names, trade names and INNs that contain it (case- and ё-insensitive; names starting
with it first), then, when that finds too little, the items known by a word close to one of the query's words
(rapidfuzz over the few thousand distinct words of the catalogue, so a typo costs milliseconds on 50,000
items). A query typed in the wrong keyboard layout ("fcgbhby") is retried in Russian layout.

The index is built once per worker process and rebuilt when any Item changes (a version number in Redis that
the Item hooks bump), so a queue of customers never waits for a rebuild on every keystroke.
"""

import re

import frappe
from frappe import _
from rapidfuzz import fuzz, process

from pharmacy_ext.catalogue.analogues import with_price_and_stock

INDEX_VERSION_KEY = "pharm_item_search_version"
FUZZY_CUTOFF = 75
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
	names = {code: row.item_name for code, row in details.items()}
	stock = with_price_and_stock(codes, branch, names)
	items = [{**details[code], **line} for code, line in zip(codes, stock, strict=True)]
	return {"items": items, "match": match, "branch": branch}


def find_item_codes(text: str, limit: int) -> tuple[list[str], str | None]:
	if BARCODE.match(text):
		code = frappe.db.get_value("Item Barcode", {"barcode": text}, "parent")
		return ([code], "barcode") if code else ([], None)
	index = search_index()
	codes = substring_matches(index, fold(text), limit)
	match = "name" if codes else None
	if len(codes) < limit:
		fuzzy = [c for c in fuzzy_matches(index, fold(text), limit) if c not in set(codes)]
		if fuzzy:
			codes, match = codes + fuzzy[: limit - len(codes)], match or "fuzzy"
	if not codes and re.search("[a-zA-Z]", text):
		return find_item_codes(text.translate(LATIN_TO_CYRILLIC), limit)
	return codes, match


def fold(text: str) -> str:
	"""Case, ё and spacing do not matter to a pharmacist; they must not matter to the search either."""
	return " ".join(text.lower().replace("ё", "е").split())


def substring_matches(index: "SearchIndex", query: str, limit: int) -> list[str]:
	"""Names, trade names or INNs containing the query; names that start with it first."""
	starts, contains = [], []
	for code, name, haystack in zip(index.codes, index.names, index.haystacks, strict=True):
		if query in haystack:
			(starts if name.startswith(query) else contains).append(code)
			if len(starts) >= limit:
				break
	return (starts + contains)[:limit]


def fuzzy_matches(index: "SearchIndex", query: str, limit: int) -> list[str]:
	"""Items known by a word close to the query's words (a misspelt brand or INN)."""
	result: list[str] = []
	for word in query.split():
		if len(word) < 4:
			continue
		for found, _score, _position in process.extract(
			word, index.words, scorer=fuzz.ratio, limit=5, score_cutoff=FUZZY_CUTOFF
		):
			for code in index.codes_by_word[found]:
				if code not in result:
					result.append(code)
				if len(result) >= limit:
					return result
	return result


class SearchIndex:
	"""Every enabled item's folded name and search text, and the distinct words they are made of."""

	def __init__(self, rows):
		self.codes, self.names, self.haystacks = [], [], []
		self.codes_by_word: dict[str, list[str]] = {}
		for code, item_name, trade_name, inn in rows:
			name = fold(item_name or code)
			haystack = " | ".join(fold(v) for v in (item_name, trade_name, inn) if v)
			self.codes.append(code)
			self.names.append(name)
			self.haystacks.append(haystack)
			for word in set(re.findall(r"[^\W\d_]{4,}", haystack)):
				self.codes_by_word.setdefault(word, []).append(code)
		self.words = list(self.codes_by_word)


def search_index() -> SearchIndex:
	version = frappe.cache.get_value(INDEX_VERSION_KEY) or 0
	key = (frappe.local.site, version)
	if _index.get("key") != key:
		rows = frappe.get_all(
			"Item",
			filters={"disabled": 0},
			fields=["name", "item_name", "pharm_trade_name", "pharm_inn"],
			order_by="item_name asc",
			as_list=True,
		)
		_index.update(key=key, index=SearchIndex(rows))
	return _index["index"]


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
