"""A legacy catalogue file on its way into Items: columns mapped (once per header layout, then remembered),
previewed, imported in a background job with progress, every data row accounted for in `results`."""

import csv
import io
import json
import traceback

import frappe
from frappe import _
from frappe.model.document import Document

from pharmacy_ext.catalogue import legacy_sheet
from pharmacy_ext.catalogue.legacy_import import REJECTED, CatalogueIndex, import_row
from pharmacy_ext.catalogue.legacy_rows import interpret

COMMIT_EVERY = 25
PREVIEW_ROWS = 10


class CatalogueImport(Document):
	def validate(self):
		if self.status in ("Queued", "Running"):
			return
		rows = self.read_rows()
		header_index = self.header_row - 1 if self.header_row else legacy_sheet.find_header_row(rows)
		if header_index >= len(rows):
			frappe.throw(_("Header row {0} is below the end of the file.").format(self.header_row))
		headers = rows[header_index]
		signature = legacy_sheet.header_signature(headers)
		if signature != self.header_signature or not self.columns:
			self.header_row = header_index + 1
			self.header_signature = signature
			self.set_columns(headers, rows[header_index + 1 :])

	def read_rows(self) -> list[list]:
		file = frappe.get_doc("File", {"file_url": self.import_file})
		try:
			return legacy_sheet.read_rows(file.get_content(), file.file_name or self.import_file)
		except legacy_sheet.SheetError as error:
			frappe.throw(_("The file cannot be imported: {0}.").format(error))

	def set_columns(self, headers: list, below: list[list]):
		"""Columns from the mapping remembered for these headers, else guessed from the header words."""
		remembered = frappe.db.exists("Catalogue Column Mapping", self.header_signature)
		targets = {}
		if remembered:
			mapping = frappe.get_doc("Catalogue Column Mapping", remembered)
			targets = {c.column_no: c.target for c in mapping.columns}
		self.mapping_remembered = int(bool(remembered))
		self.set("columns", [])
		for n, header in enumerate(headers, 1):
			if not legacy_sheet.is_filled(header):
				continue
			sample = next(
				(r[n - 1] for r in below if n - 1 < len(r) and legacy_sheet.is_filled(r[n - 1])), ""
			)
			target = targets.get(n, "") if remembered else legacy_sheet.guess_target(header)
			self.append(
				"columns",
				{"column_no": n, "header": str(header), "target": target, "sample": str(sample)[:140]},
			)

	def mapped_columns(self) -> list[tuple[int, str]]:
		return [(c.column_no, c.target) for c in self.columns if c.target]

	def remember_mapping(self):
		if frappe.db.exists("Catalogue Column Mapping", self.header_signature):
			mapping = frappe.get_doc("Catalogue Column Mapping", self.header_signature)
		else:
			mapping = frappe.new_doc("Catalogue Column Mapping")
			mapping.header_signature = self.header_signature
		mapping.headers = " | ".join(c.header for c in self.columns)
		mapping.set(
			"columns",
			[{"column_no": c.column_no, "header": c.header, "target": c.target} for c in self.columns],
		)
		mapping.save(ignore_permissions=True)

	@frappe.whitelist()
	def preview_rows(self) -> list[dict]:
		"""The first data rows as the import will read them."""
		self.check_permission("read")
		rows = self.read_rows()
		preview = []
		for row_no, cells in legacy_sheet.data_rows(rows, self.header_row - 1):
			values = legacy_sheet.row_values(cells, self.mapped_columns())
			if not values:
				continue
			facts, problems = interpret(values)
			preview.append({"row_no": row_no, **facts, "problems": problems})
			if len(preview) >= PREVIEW_ROWS:
				break
		return preview

	@frappe.whitelist()
	def start_import(self):
		self.check_permission("write")
		if not frappe.has_permission("Item", "create"):
			frappe.throw(_("You are not allowed to create items."), frappe.PermissionError)
		if self.status in ("Queued", "Running"):
			frappe.throw(_("This import is already running."))
		if not any(t == "Item Name" for _n, t in self.mapped_columns()):
			frappe.throw(_("Map a column to Item Name before importing."))
		self.remember_mapping()
		self.db_set("status", "Queued")
		frappe.enqueue(
			"pharmacy_ext.catalogue.doctype.catalogue_import.catalogue_import.run_import",
			queue="long",
			timeout=3600,
			name=self.name,
			enqueue_after_commit=True,
		)


def run_import(name: str):
	"""The background job; a failed run can be started again and goes on after the rows already done."""
	doc = frappe.get_doc("Catalogue Import", name)
	doc.remember_mapping()
	doc.db_set({"status": "Running", "error": None}, commit=True)
	try:
		import_rows(doc)
	except Exception:
		frappe.db.rollback()
		doc.db_set({"status": "Failed", "error": traceback.format_exc()})
		update_counts(doc, done=False)
		frappe.db.commit()
		return
	update_counts(doc, done=True)
	frappe.db.commit()
	doc.reload()
	doc.notify_update()


def import_rows(doc):
	rows = legacy_sheet.data_rows(doc.read_rows(), doc.header_row - 1)
	done = {r.row_no for r in doc.results}
	columns = doc.mapped_columns()
	index = CatalogueIndex()
	blank, idx = 0, len(done)
	for n, (row_no, cells) in enumerate(rows, 1):
		values = legacy_sheet.row_values(cells, columns)
		if not values:
			blank += 1
			continue
		if row_no in done:
			continue
		idx += 1
		outcome, item, reason = import_one(index, values)
		frappe.get_doc(
			{
				"doctype": "Catalogue Import Row",
				"parent": doc.name,
				"parenttype": doc.doctype,
				"parentfield": "results",
				"idx": idx,
				"row_no": row_no,
				"outcome": outcome,
				"item": item,
				"reason": reason,
				"source_values": json.dumps(values, ensure_ascii=False, default=str)
				if outcome == REJECTED
				else None,
			}
		).db_insert()
		if n % COMMIT_EVERY == 0:
			frappe.db.commit()
			frappe.publish_progress(
				n * 100 / len(rows), title=_("Importing catalogue"), doctype=doc.doctype, docname=doc.name
			)
	doc.db_set("blank_rows", blank)


def import_one(index: CatalogueIndex, values: dict) -> tuple[str, str | None, str]:
	"""One row in its own savepoint: it is written whole or not at all."""
	facts, problems = interpret(values)
	if problems:
		return REJECTED, None, " ".join(problems)
	frappe.db.savepoint("catalogue_row")
	try:
		result = import_row(index, facts)
	except Exception as error:
		frappe.db.rollback(save_point="catalogue_row")
		frappe.local.message_log = []
		message = getattr(error, "message", None) or str(error) or type(error).__name__
		return (
			REJECTED,
			None,
			_("The catalogue refused the row: {0}").format(frappe.utils.strip_html(message)),
		)
	frappe.db.release_savepoint("catalogue_row")
	return result


def update_counts(doc, done: bool):
	counts = dict(
		frappe.get_all(
			"Catalogue Import Row",
			filters={"parent": doc.name, "parenttype": doc.doctype},
			fields=["outcome", "count(name)"],
			group_by="outcome",
			as_list=True,
		)
	)
	values = {
		"created_count": counts.get("Created", 0),
		"updated_count": counts.get("Updated", 0),
		"skipped_count": counts.get("Skipped as Duplicate", 0),
		"rejected_count": counts.get(REJECTED, 0),
		"total_rows": sum(counts.values()),
	}
	if done:
		values["status"] = "Completed with Rejections" if values["rejected_count"] else "Completed"
	doc.db_set(values)


@frappe.whitelist()
def download_rejected(name: str):
	"""The rejected rows as CSV (their values and the reason), to fix and import again."""
	doc = frappe.get_doc("Catalogue Import", name)
	doc.check_permission("read")
	rejected = [r for r in doc.results if r.outcome == REJECTED]
	targets = [c.target for c in doc.columns if c.target]
	out = io.StringIO()
	writer = csv.writer(out, delimiter=";")
	writer.writerow([_("Row"), *[_(t) for t in targets], _("Reason")])
	for row in rejected:
		values = json.loads(row.source_values or "{}")
		writer.writerow([row.row_no, *[values.get(t, "") for t in targets], row.reason])
	frappe.response["filename"] = f"{doc.name}-rejected.csv"
	frappe.response["filecontent"] = out.getvalue().encode("utf-8-sig")
	frappe.response["type"] = "download"
