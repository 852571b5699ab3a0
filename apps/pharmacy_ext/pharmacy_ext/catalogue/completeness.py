"""How complete an item card is, by what its category needs: a medicine needs its INN, ATC code, registration and
storage facts; a tonometer needs far less. The score (percent of required facts present) and the list of missing
facts are kept on the Item, so the steward's list of incomplete cards is a plain filtered query.
"""

import frappe
from frappe import _

# Facts every card needs, then what each category adds. Values are Item field names; "barcodes" and
# "shelf_life_in_days" are standard Item fields checked specially below.
COMMON_FACTS = (
	"pharm_category",
	"item_group",
	"stock_uom",
	"pharm_manufacturer",
	"pharm_country",
	"barcodes",
)
CATEGORY_FACTS = {
	"Drug": (
		"pharm_inn",
		"pharm_trade_name",
		"pharm_atc_code",
		"pharm_dosage_form",
		"pharm_strength",
		"pharm_pack_qty",
		"pharm_ru_number",
		"pharm_ru_kind",
		"pharm_ru_status",
		"pharm_storage",
		"pharm_marking",
		"shelf_life_in_days",
		"has_batch_no",
		"has_expiry_date",
	),
	"Supplement": (
		"pharm_trade_name",
		"pharm_storage",
		"pharm_marking",
		"shelf_life_in_days",
		"has_batch_no",
	),
	"Medical Device": ("pharm_trade_name", "pharm_ru_number", "pharm_ru_status"),
	"Hygiene": ("pharm_trade_name",),
}
# Labels for facts whose Item label says too little on its own.
FACT_LABELS = {
	"barcodes": "Barcode (GTIN)",
	"has_batch_no": "Batch Tracking",
	"has_expiry_date": "Expiry Date Tracking",
	"shelf_life_in_days": "Shelf Life In Days",
}


def required_facts(category: str | None) -> tuple[str, ...]:
	return COMMON_FACTS + CATEGORY_FACTS.get(category or "", ())


def missing_facts(item) -> list[str]:
	"""Field names of the required facts the card lacks."""
	missing = []
	for fact in required_facts(item.get("pharm_category")):
		value = item.get(fact)
		if fact == "barcodes":
			value = [row for row in value or [] if row.get("barcode")]
		if not value:
			missing.append(fact)
	return missing


def fact_label(fact: str) -> str:
	if fact in FACT_LABELS:
		return _(FACT_LABELS[fact])
	return _(frappe.get_meta("Item").get_label(fact))


def score(item) -> tuple[float, list[str]]:
	required = required_facts(item.get("pharm_category"))
	missing = missing_facts(item)
	return round(100 * (len(required) - len(missing)) / len(required), 1), missing


def update_completeness(item, method=None):
	"""Item validate: keep the score and the list of missing facts on the card."""
	percent, missing = score(item)
	item.pharm_completeness = percent
	item.pharm_missing_facts = ", ".join(fact_label(fact) for fact in missing)
