"""One legacy sheet row read as catalogue facts, or the reasons (translated, fixable by the user) why not."""

import re

import frappe
from frappe import _

from pharmacy_ext.catalogue.normalise import (
	clean_text,
	detect_inn,
	gtin_is_valid,
	normalise_form,
	normalise_gtin,
	normalise_strength,
	parse_pack,
	split_name,
)

YES = {"да", "+", "1", "y", "yes", "true", "rx", "жнвлп", "v", "✓", "x", "д"}
NO = {"нет", "-", "0", "n", "no", "false", "н"}
CATEGORY_WORDS = {
	"Drug": ("лс", "лекарственное средство", "лекарство", "препарат", "лп", "drug"),
	"Supplement": ("бад", "витамины", "витамины и бад", "supplement"),
	"Medical Device": ("медизделие", "ми", "имн", "медицинское изделие", "изделие медицинского назначения"),
	"Hygiene": ("гигиена", "косметика", "гигиена и косметика", "hygiene"),
}
COUNTRY_ALIASES = {"рф": "Russian Federation", "россия": "Russian Federation", "сша": "United States"}


def interpret(values: dict) -> tuple[dict, list[str]]:
	"""(facts, problems) of a row given as {catalogue field: cell}; any problem rejects the row."""
	problems = []
	name = clean_text(values.get("Item Name"))
	if not name:
		problems.append(_("The item name is empty: fill in the name column."))
	parts = split_name(name)
	facts = {
		"legacy_code": legacy_code(values.get("Legacy Code")),
		"item_name": name,
		"trade_name": clean_text(values.get("Trade Name")) or parts["brand"],
		"manufacturer": clean_text(values.get("Manufacturer")),
		"atc_code": clean_text(values.get("ATC Code")).upper().replace(" ", ""),
		"storage": clean_text(values.get("Storage")),
		"ru_number": clean_text(values.get("RU Number")),
		"dosage_form": normalise_form(values.get("Dosage Form")) or parts["form"],
	}
	facts["inn"] = clean_text(values.get("INN")) or detect_inn(facts["trade_name"]) or ""
	facts["strength"] = read_strength(values.get("Strength"), parts["strength"], problems)
	facts["pack_qty"] = read_pack(values.get("Pack"), parts["pack"], problems)
	facts["gtin"] = read_gtin(values.get("GTIN"), problems)
	facts["rx_only"] = read_flag(values.get("Prescription Only"), _("Prescription Only"), problems)
	facts["vital"] = read_flag(values.get("Vital"), _("Vital"), problems)
	facts["shelf_life_days"] = read_shelf_life(values.get("Shelf Life (months)"), problems)
	facts["category"] = read_category(values.get("Category"), facts)
	facts["country"] = read_country(values.get("Country"))
	return facts, problems


def legacy_code(value) -> str:
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return clean_text(value)


def read_strength(value, from_name: str, problems: list) -> str:
	if value in (None, ""):
		return from_name
	strength = normalise_strength(value)
	if strength is None:
		problems.append(
			_("Strength '{0}' cannot be read: write it like 500 мг, 0,5 г or 5 мг/мл.").format(value)
		)
		return ""
	return strength


def read_pack(value, from_name: int | None, problems: list) -> int | None:
	if value in (None, ""):
		return from_name
	pack = parse_pack(value)
	if pack is None or re.match(r"^\s*-", str(value)):
		problems.append(
			_("Pack quantity '{0}' is not a number of units: write it like 10, №10 or 10 шт.").format(value)
		)
		return None
	return pack


def read_gtin(value, problems: list) -> str:
	gtin = normalise_gtin(value)
	if not gtin:
		return ""
	if not gtin_is_valid(gtin):
		if gtin.isdigit() and len(gtin) in (8, 12, 13, 14):
			problems.append(
				_("GTIN {0} has a wrong check digit: check the barcode on the pack.").format(gtin)
			)
		else:
			problems.append(_("GTIN {0} is not a barcode: a GTIN has 8, 12, 13 or 14 digits.").format(gtin))
		return ""
	return gtin[1:] if len(gtin) == 14 and gtin.startswith("0") else gtin


def read_flag(value, label: str, problems: list) -> int:
	text = clean_text(value).lower()
	if text in YES:
		return 1
	if not text or text in NO:
		return 0
	problems.append(_("'{0}' in column {1} is neither yes nor no: write Да or Нет.").format(value, label))
	return 0


def read_shelf_life(value, problems: list) -> int:
	"""Days of shelf life from months ("24", "24 мес"), years ("3 года") or days ("730 дн")."""
	if value in (None, ""):
		return 0
	if isinstance(value, int | float) and not isinstance(value, bool):
		months = float(value)
	else:
		text = clean_text(value).lower().replace(",", ".")
		match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(мес\w*|м|г\w*|лет|дн\w*|д)?\.?", text)
		if not match:
			months = -1
		else:
			number, unit = float(match.group(1)), match.group(2) or "мес"
			months = number * 12 if unit[0] in "гл" else number / 30.4 if unit[0] == "д" else number
	if months <= 0:
		problems.append(
			_("Shelf life '{0}' cannot be read: write the number of months, like 24.").format(value)
		)
		return 0
	return round(months * 365 / 12)


def read_category(value, facts: dict) -> str:
	text = clean_text(value).lower()
	for category, words in CATEGORY_WORDS.items():
		if text in words:
			return category
	return "Drug" if facts["inn"] or facts["dosage_form"] else ""


def read_country(value) -> str:
	"""The ERPNext Country of a Russian or English country name; "" when unknown."""
	from pharmacy_ext.demo.loader import COUNTRIES

	name = clean_text(value)
	if not name:
		return ""
	country = COUNTRIES.get(name) or COUNTRY_ALIASES.get(name.lower()) or name
	return country if frappe.db.exists("Country", country) else ""
