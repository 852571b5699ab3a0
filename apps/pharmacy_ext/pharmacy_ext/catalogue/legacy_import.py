"""Import of the legacy Excel catalogue into Items: each row created, updated (missing facts filled in), skipped
as a duplicate of an existing item, or rejected with a reason; every row in its own savepoint.

An existing item is found by GTIN, then by the legacy code (the item code; codes merged away by the duplicate
review lead to the kept item), then by normalised INN + form + strength + pack + brand. Updates only fill facts
the item does not have yet, so curated cards are never overwritten and a second import changes nothing.
"""

import frappe
from frappe import _
from frappe.model.naming import make_autoname
from frappe.utils.nestedset import get_root_of

from pharmacy_ext.catalogue.duplicates import facts_key, profile
from pharmacy_ext.catalogue.normalise import gtin_key
from pharmacy_ext.demo import vocabulary as vocab

CREATED, UPDATED, SKIPPED, REJECTED = "Created", "Updated", "Skipped as Duplicate", "Rejected"
# fact -> Item field filled in when the item has none
FILLABLE = {
	"inn": "pharm_inn",
	"trade_name": "pharm_trade_name",
	"dosage_form": "pharm_dosage_form",
	"strength": "pharm_strength",
	"pack_qty": "pharm_pack_qty",
	"manufacturer": "pharm_manufacturer",
	"country": "pharm_country",
	"atc_code": "pharm_atc_code",
	"category": "pharm_category",
	"storage": "pharm_storage",
	"ru_number": "pharm_ru_number",
	"rx_only": "pharm_rx_only",
	"vital": "pharm_vital",
	"shelf_life_days": "shelf_life_in_days",
}
CATEGORY_GROUP = {"Supplement": "supplement", "Medical Device": "device", "Hygiene": "hygiene"}


class CatalogueIndex:
	"""Existing items by GTIN, code and facts key, kept current while the import creates items."""

	def __init__(self):
		self.by_gtin, self.by_facts, self.codes = {}, {}, set()
		fields = ["name", "item_name", *FILLABLE.values()]
		for item in frappe.get_all("Item", fields=fields):
			self.add(item, ())
		for barcode in frappe.get_all("Item Barcode", fields=["parent", "barcode"]):
			self.by_gtin.setdefault(gtin_key(barcode.barcode), barcode.parent)
		# codes merged away by the duplicate review point to the item that was kept
		self.merged = dict(
			frappe.get_all(
				"Item Duplicate Candidate",
				filters={"status": "Merged"},
				fields=["merged_item", "kept_item"],
				as_list=True,
			)
		)

	def add(self, item: dict, gtins):
		self.codes.add(item["name"])
		for gtin in gtins:
			self.by_gtin[gtin_key(gtin)] = item["name"]
		for key in facts_key(profile(as_record(item))):
			self.by_facts.setdefault(key, item["name"])

	def match(self, facts: dict) -> tuple[str | None, str]:
		if facts["gtin"] and gtin_key(facts["gtin"]) in self.by_gtin:
			return self.by_gtin[gtin_key(facts["gtin"])], "gtin"
		code = facts["legacy_code"]
		if code and code in self.codes:
			return code, "code"
		if code and self.merged.get(code) in self.codes:
			return self.merged[code], "code"
		for key in facts_key(profile(fact_record(facts))):
			if key in self.by_facts:
				return self.by_facts[key], "facts"
		return None, ""


def as_record(item: dict) -> dict:
	"""An Item row in the shape duplicates.profile reads."""
	return {
		"name": item["name"],
		"item_name": item.get("item_name"),
		"inn": item.get("pharm_inn"),
		"trade_name": item.get("pharm_trade_name"),
		"dosage_form": item.get("pharm_dosage_form"),
		"strength": item.get("pharm_strength"),
		"pack_qty": item.get("pharm_pack_qty"),
		"manufacturer": item.get("pharm_manufacturer"),
	}


def fact_record(facts: dict) -> dict:
	return {"name": facts["legacy_code"] or "?", **facts}


def import_row(index: CatalogueIndex, facts: dict) -> tuple[str, str | None, str]:
	"""(outcome, item, reason) of one interpreted row; raises on a write the database refuses."""
	item, how = index.match(facts)
	if not item:
		item = create_item(facts)
		written = {field: facts.get(fact) for fact, field in FILLABLE.items()}
		index.add(
			{"name": item, "item_name": facts["item_name"], **written},
			[facts["gtin"]] if facts["gtin"] else [],
		)
		return CREATED, item, ""
	if how == "facts":
		reason = _("Same INN, dosage form, strength, pack and brand as item {0}.").format(item)
		return SKIPPED, item, reason
	filled = fill_missing(item, facts)
	if facts["gtin"]:
		index.by_gtin[gtin_key(facts["gtin"])] = item
	if filled:
		return UPDATED, item, _("Filled in: {0}.").format(", ".join(filled))
	found_by = _("GTIN") if how == "gtin" else _("code")
	return (
		SKIPPED,
		item,
		_("Already in the catalogue as item {0} (same {1}); nothing new.").format(item, found_by),
	)


def create_item(facts: dict) -> str:
	code = facts["legacy_code"] or make_autoname("CAT-.#####")
	keeps_batches = facts["category"] in ("Drug", "Supplement")
	doc = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": facts["item_name"][:140],
			"description": facts["item_name"],
			"item_group": item_group(facts),
			"stock_uom": frappe.db.get_single_value("Stock Settings", "stock_uom") or "Nos",
			"is_stock_item": 1,
			"include_item_in_manufacturing": 0,
			"has_batch_no": int(keeps_batches),
			"has_expiry_date": int(keeps_batches),
			"barcodes": [{"barcode": facts["gtin"], "barcode_type": "EAN"}] if facts["gtin"] else [],
			**{field: facts[fact] for fact, field in FILLABLE.items() if facts.get(fact)},
		}
	)
	doc.insert()
	return doc.name


def fill_missing(item: str, facts: dict) -> list[str]:
	"""Fill the item's empty facts from the row; returns the labels of what was filled."""
	doc = frappe.get_doc("Item", item)
	filled = []
	for fact, field in FILLABLE.items():
		if facts.get(fact) and not doc.get(field):
			doc.set(field, facts[fact])
			filled.append(_(doc.meta.get_label(field)))
	gtin = facts["gtin"]
	if gtin and not any(gtin_key(b.barcode) == gtin_key(gtin) for b in doc.barcodes):
		if not frappe.db.exists("Item Barcode", {"barcode": gtin}):
			doc.append("barcodes", {"barcode": gtin, "barcode_type": "EAN"})
			filled.append(_("Barcode"))
	if filled:
		doc.save()
	return filled


def item_group(facts: dict) -> str:
	"""The demo catalogue's groups: ATC main group for drugs, one group per other category."""
	ensure_item_groups()
	if facts["category"] in CATEGORY_GROUP:
		return vocab.CATEGORY_GROUPS[CATEGORY_GROUP[facts["category"]]]
	atc = facts["atc_code"][:1]
	return vocab.ATC_GROUPS.get(atc) or vocab.DRUG_GROUP


def ensure_item_groups():
	if frappe.flags.catalogue_groups_ready:
		return
	groups = [(vocab.ROOT_GROUP, get_root_of("Item Group"), 1), (vocab.DRUG_GROUP, vocab.ROOT_GROUP, 1)]
	groups += [(name, vocab.DRUG_GROUP, 0) for name in vocab.ATC_GROUPS.values()]
	groups += [(name, vocab.ROOT_GROUP, 0) for name in vocab.CATEGORY_GROUPS.values()]
	for name, parent, is_group in groups:
		if not frappe.db.exists("Item Group", name):
			frappe.get_doc(
				{
					"doctype": "Item Group",
					"item_group_name": name,
					"parent_item_group": parent,
					"is_group": is_group,
				}
			).insert(ignore_permissions=True)
	frappe.flags.catalogue_groups_ready = True
