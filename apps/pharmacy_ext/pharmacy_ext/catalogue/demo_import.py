"""Demo step "catalogue_import": the chain's legacy Excel catalogue (fixtures/catalogue/legacy_catalogue.xlsx)
imported through the real import path, a duplicate scan over the whole catalogue, the clearest pairs merged and the
rest left Open for the catalogue steward. Deterministic and idempotent: a second run changes nothing."""

import frappe

from pharmacy_ext.catalogue.doctype.catalogue_import.catalogue_import import run_import
from pharmacy_ext.catalogue.duplicate_review import merge, scan
from pharmacy_ext.catalogue.sample_files import LEGACY_SAMPLE, attach_file

MERGES_AT_SCALE_1 = 3


def load(loader):
	imported = import_legacy_sample()
	scan()
	frappe.db.commit()
	# only cards the import created are merged: the demo plan's own items (PH-…) stay as the plan made them
	items = set(
		frappe.get_all(
			"Catalogue Import Row",
			filters={"parent": imported, "outcome": "Created", "item": ("is", "set")},
			pluck="item",
		)
	)
	merge_clearest(max(1, round(MERGES_AT_SCALE_1 * loader.scale)), items)
	frappe.db.commit()


def import_legacy_sample() -> str:
	"""The Catalogue Import of the sample, made and run once."""
	done = frappe.db.get_value(
		"Catalogue Import",
		{
			"import_file": ("like", f"%{LEGACY_SAMPLE.stem}%"),
			"status": ("in", ("Completed", "Completed with Rejections")),
		},
		order_by="created_count desc",  # the first import of the sample is the one that created its items
	)
	if done:
		return done
	doc = frappe.get_doc(
		{
			"doctype": "Catalogue Import",
			"import_file": attach_file(LEGACY_SAMPLE.read_bytes(), LEGACY_SAMPLE.name),
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	run_import(doc.name)
	return doc.name


def merge_clearest(count: int, items: set[str]):
	"""Merge the highest-scoring open pairs of imported items (the first item is kept) until `count` such
	merges exist; pairs with other items stay for the steward."""
	# a merged item's import rows now name the kept item (rename-merge moves links): count by the kept item
	merged = frappe.db.count(
		"Item Duplicate Candidate", {"status": "Merged", "kept_item": ("in", sorted(items) or [""])}
	)
	for candidate in frappe.get_all(
		"Item Duplicate Candidate",
		filters={"status": "Open"},
		fields=["name", "item_a", "item_b"],
		order_by="score desc, name asc",
	):
		if merged >= count:
			return
		if candidate.item_a not in items or candidate.item_b not in items:
			continue
		try:
			merge(candidate.name, candidate.item_a)
		except Exception as error:  # a pair ERPNext will not merge (batch settings differ): left for review
			frappe.db.rollback()
			frappe.clear_messages()
			print(f"    duplicate pair {candidate.name} left open: {error}")
			continue
		frappe.db.commit()
		merged += 1
