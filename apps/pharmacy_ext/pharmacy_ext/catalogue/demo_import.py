"""Demo step "catalogue_import": the chain's legacy Excel catalogue (fixtures/catalogue/legacy_catalogue.xlsx)
imported through the real import path, a duplicate scan over the whole catalogue, the clearest pairs merged and the
rest left Open for the catalogue steward. Deterministic and idempotent: a second run changes nothing."""

import frappe

from pharmacy_ext.catalogue.doctype.catalogue_import.catalogue_import import run_import
from pharmacy_ext.catalogue.duplicate_review import merge, scan
from pharmacy_ext.catalogue.sample_files import LEGACY_SAMPLE, attach_file

MERGES_AT_SCALE_1 = 3


def load(loader):
	import_legacy_sample()
	scan()
	frappe.db.commit()
	merge_clearest(max(1, round(MERGES_AT_SCALE_1 * loader.scale)))
	frappe.db.commit()


def import_legacy_sample():
	done = frappe.db.exists(
		"Catalogue Import",
		{
			"import_file": ("like", f"%{LEGACY_SAMPLE.stem}%"),
			"status": ("in", ("Completed", "Completed with Rejections")),
		},
	)
	if done:
		return
	doc = frappe.get_doc(
		{
			"doctype": "Catalogue Import",
			"import_file": attach_file(LEGACY_SAMPLE.read_bytes(), LEGACY_SAMPLE.name),
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	run_import(doc.name)


def merge_clearest(count: int):
	"""Merge the highest-scoring open pairs (the first item is kept) until `count` merges exist."""
	merged = frappe.db.count("Item Duplicate Candidate", {"status": "Merged"})
	for candidate in frappe.get_all(
		"Item Duplicate Candidate",
		filters={"status": "Open"},
		fields=["name", "item_a"],
		order_by="score desc, name asc",
	):
		if merged >= count:
			return
		try:
			merge(candidate.name, candidate.item_a)
		except Exception as error:  # a pair ERPNext will not merge (batch settings differ): left for review
			frappe.db.rollback()
			frappe.clear_messages()
			print(f"    duplicate pair {candidate.name} left open: {error}")
			continue
		frappe.db.commit()
		merged += 1
