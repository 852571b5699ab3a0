"""The duplicate review queue: a background scan writes Item Duplicate Candidate records; a catalogue manager
merges a pair (ERPNext's rename-merge, which moves stock ledger, bins, prices, batches and history to the kept
item) or marks it "Not a Duplicate", after which the scan never proposes it again. Every decision keeps who,
when and what on the candidate."""

import frappe
from frappe import _
from frappe.model.rename_doc import rename_doc
from frappe.utils import now_datetime

from pharmacy_ext.catalogue.duplicates import find_candidates, pair_key
from pharmacy_ext.catalogue.legacy_import import as_record

MERGE_ROLES = ("Item Manager", "Stock Manager", "System Manager", "Chain Director")
COMPARED_FIELDS = (
	"item_name",
	"pharm_inn",
	"pharm_trade_name",
	"pharm_dosage_form",
	"pharm_strength",
	"pharm_pack_qty",
	"pharm_manufacturer",
	"has_batch_no",
	"stock_uom",
	"disabled",
)
ITEM_FIELDS = [
	"name",
	"item_name",
	"pharm_inn",
	"pharm_trade_name",
	"pharm_dosage_form",
	"pharm_strength",
	"pharm_pack_qty",
	"pharm_manufacturer",
]


def catalogue_records(filters: dict | None = None) -> list[dict]:
	"""Items (enabled ones unless filtered otherwise) with their barcodes, as duplicates.profile reads them."""
	items = frappe.get_all("Item", filters=filters or {"disabled": 0}, fields=ITEM_FIELDS)
	barcodes = {}
	for row in frappe.get_all("Item Barcode", fields=["parent", "barcode"]):
		barcodes.setdefault(row.parent, []).append(row.barcode)
	return [{**as_record(item), "gtins": barcodes.get(item.name, [])} for item in items]


def decided_pairs() -> set[tuple[str, str]]:
	"""Pairs already proposed (open, merged or rejected): never proposed twice."""
	return {tuple(key.split("|", 1)) for key in frappe.get_all("Item Duplicate Candidate", pluck="pair_key")}


def scan(filters: dict | None = None) -> int:
	"""Find new candidate pairs and record them; returns how many were added."""
	candidates = find_candidates(catalogue_records(filters), skip=decided_pairs())
	for n, candidate in enumerate(candidates, 1):
		frappe.get_doc(
			{
				"doctype": "Item Duplicate Candidate",
				"item_a": candidate.item_a,
				"item_b": candidate.item_b,
				"score": candidate.score,
				"rule": candidate.rule,
				"evidence": "\n".join(_(template).format(*args) for template, args in candidate.evidence),
				"pair_key": "|".join(pair_key(candidate.item_a, candidate.item_b)),
				"status": "Open",
			}
		).insert(ignore_permissions=True)
		if n % 100 == 0:
			frappe.publish_progress(n * 100 / len(candidates), title=_("Recording duplicate candidates"))
	return len(candidates)


def scan_job():
	scan()
	frappe.db.commit()


@frappe.whitelist()
def start_scan():
	check_merge_role()
	frappe.enqueue("pharmacy_ext.catalogue.duplicate_review.scan_job", queue="long", timeout=3600)
	return _("The duplicate scan is running; new candidates appear in the list.")


def check_merge_role():
	if not set(MERGE_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only an Item Manager, Stock Manager or Chain Director may review duplicates."),
			frappe.PermissionError,
		)


def load_open(name: str):
	check_merge_role()
	doc = frappe.get_doc("Item Duplicate Candidate", name)
	doc.check_permission("write")
	if doc.status != "Open":
		frappe.throw(_("This pair has already been reviewed ({0}).").format(_(doc.status)))
	return doc


@frappe.whitelist()
def merge(name: str, keep: str) -> str:
	"""Merge the other item of the pair into `keep`; returns the kept item."""
	doc = load_open(name)
	if keep not in (doc.item_a, doc.item_b):
		frappe.throw(_("Item {0} is not part of this pair.").format(keep))
	old = doc.item_b if keep == doc.item_a else doc.item_a
	old_name = frappe.db.get_value("Item", old, "item_name")
	check_mergeable(old, keep)
	rename_doc("Item", old, keep, merge=True, ignore_permissions=True, show_alert=False)
	# rename_doc pointed this record's links at the kept item too: the Data fields keep what was merged
	doc.reload()
	doc.update(
		{
			"item_a": keep,
			"item_b": keep,
			"status": "Merged",
			"kept_item": keep,
			"merged_item": old,
			"merged_item_name": old_name,
			"resolved_by": frappe.session.user,
			"resolved_on": now_datetime(),
		}
	)
	doc.save(ignore_permissions=True)
	doc.add_comment("Info", _("Item {0} ({1}) merged into {2}.").format(old, old_name, keep))
	tidy_after_merge(keep)
	return keep


def check_mergeable(old: str, keep: str):
	"""ERPNext merges only items with the same unit, stock and batch settings: say which differ, in words."""
	fields = ["stock_uom", "is_stock_item", "has_serial_no", "has_batch_no"]
	a, b = (frappe.db.get_value("Item", i, fields, as_dict=True) for i in (old, keep))
	differing = [_(frappe.get_meta("Item").get_label(f)) for f in fields if a[f] != b[f]]
	if differing:
		frappe.throw(
			_("Items {0} and {1} cannot be merged: they differ in {2}. Make them the same first.").format(
				old, keep, ", ".join(differing)
			)
		)


def tidy_after_merge(keep: str):
	"""Other open pairs of the merged item now point at the kept one: drop those that became one item."""
	for other in frappe.get_all(
		"Item Duplicate Candidate",
		filters={"status": "Open"},
		or_filters={"item_a": keep, "item_b": keep},
		fields=["name", "item_a", "item_b"],
	):
		if other.item_a == other.item_b:
			frappe.delete_doc("Item Duplicate Candidate", other.name, ignore_permissions=True)
		else:
			key = "|".join(pair_key(other.item_a, other.item_b))
			if frappe.db.exists("Item Duplicate Candidate", {"pair_key": key, "name": ("!=", other.name)}):
				frappe.delete_doc("Item Duplicate Candidate", other.name, ignore_permissions=True)
			else:
				frappe.db.set_value("Item Duplicate Candidate", other.name, "pair_key", key)


@frappe.whitelist()
def not_a_duplicate(name: str):
	doc = load_open(name)
	doc.update(
		{"status": "Not a Duplicate", "resolved_by": frappe.session.user, "resolved_on": now_datetime()}
	)
	doc.save(ignore_permissions=True)
	doc.add_comment("Info", _("Marked as not a duplicate."))


@frappe.whitelist()
def compare(name: str) -> list[dict]:
	"""The two items side by side for the reviewer: facts, barcodes, stock and prices."""
	doc = frappe.get_doc("Item Duplicate Candidate", name)
	doc.check_permission("read")
	rows = []
	items = [
		frappe.get_doc("Item", code) for code in (doc.item_a, doc.item_b) if frappe.db.exists("Item", code)
	]
	if len(items) < 2:
		return rows
	for field in COMPARED_FIELDS:
		rows.append(
			{"label": _(items[0].meta.get_label(field)), "a": items[0].get(field), "b": items[1].get(field)}
		)
	rows.append(
		{
			"label": _("Barcode"),
			"a": ", ".join(b.barcode for b in items[0].barcodes),
			"b": ", ".join(b.barcode for b in items[1].barcodes),
		}
	)
	for label, doctype, field in (
		(_("Stock"), "Bin", "sum(actual_qty)"),
		(_("Stock Transactions"), "Stock Ledger Entry", "count(name)"),
		(_("Prices"), "Item Price", "count(name)"),
	):
		values = [
			frappe.get_all(doctype, filters={"item_code": item.name}, fields=[f"{field} as v"])[0].v or 0
			for item in items
		]
		rows.append({"label": label, "a": values[0], "b": values[1]})
	return rows
