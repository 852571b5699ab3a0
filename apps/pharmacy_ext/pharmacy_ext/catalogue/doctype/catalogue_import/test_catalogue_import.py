import csv
import io
import json

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue.doctype.catalogue_import.catalogue_import import download_rejected, run_import
from pharmacy_ext.catalogue.legacy_import import REJECTED
from pharmacy_ext.catalogue.sample_files import LEGACY_SAMPLE, attach_file, expected_outcomes
from pharmacy_ext.tests.fixtures import ensure_test_staff


def new_import(content: bytes, file_name: str) -> "frappe.model.document.Document":
	file_url = attach_file(content, file_name)
	return frappe.get_doc({"doctype": "Catalogue Import", "import_file": file_url}).insert()


def outcomes(doc) -> dict[int, tuple[str, str | None, str]]:
	return {r.row_no: (r.outcome, r.item, r.reason) for r in doc.results}


class TestCatalogueImport(FrappeTestCase):
	def test_messy_sample_every_row_accounted_for_and_reimport_changes_nothing(self):
		expected = expected_outcomes()
		fresh = not frappe.db.exists("Item", "00-00010735")
		doc = new_import(LEGACY_SAMPLE.read_bytes(), "legacy_catalogue.xlsx")
		self.assertEqual(doc.header_row, expected["header_row"])
		run_import(doc.name)
		doc.reload()

		rows = {int(r): outcome for r, outcome in expected["rows"].items()}
		results = outcomes(doc)
		self.assertEqual(set(results), set(rows), "every data row has a result, blank rows none")
		self.assertEqual(doc.total_rows, expected["data_rows"])
		self.assertEqual(
			doc.created_count + doc.updated_count + doc.skipped_count + doc.rejected_count, doc.total_rows
		)
		self.assertGreater(doc.blank_rows, 0)
		rejected = {r for r, (outcome, _item, _reason) in results.items() if outcome == REJECTED}
		self.assertEqual(rejected, {r for r, e in rows.items() if e == "reject"})
		for row_no in rejected:
			self.assertTrue(results[row_no][2], f"row {row_no} is rejected without a reason")
			self.assertIsNone(results[row_no][1])
		for row_no, (outcome, item, _reason) in results.items():
			if outcome != REJECTED:
				self.assertTrue(frappe.db.exists("Item", item), f"row {row_no}: item {item} missing")
		for row_no, original in expected["same_as"].items():
			self.assertEqual(results[int(row_no)][1], results[original][1], f"row {row_no} is row {original}")
		if fresh:
			self.assertEqual(doc.created_count, sum(1 for e in rows.values() if e in ("new", "typo")))
			self.assertEqual(
				doc.updated_count + doc.skipped_count, sum(1 for e in rows.values() if e == "duplicate")
			)
		self.assertEqual(doc.status, "Completed with Rejections")

		again = new_import(LEGACY_SAMPLE.read_bytes(), "legacy_catalogue.xlsx")
		self.assertTrue(again.mapping_remembered)
		run_import(again.name)
		again.reload()
		self.assertEqual((again.created_count, again.updated_count), (0, 0))
		self.assertEqual(again.rejected_count, len(rejected))
		self.assertEqual(again.skipped_count, doc.total_rows - len(rejected))

	def test_normalised_facts_are_written(self):
		content = (
			"Код;Наименование;Штрихкод;Производитель\n"
			"_T-NORM-1;«НУРОФЕН®» таб. п/о 0,2 г N10;4606556000059;Рекитт Бенкизер\n"
		).encode("cp1251")
		doc = new_import(content, "norm.csv")
		self.assertEqual(
			[c.target for c in doc.columns], ["Legacy Code", "Item Name", "GTIN", "Manufacturer"]
		)
		run_import(doc.name)
		doc.reload()
		self.assertIn(doc.results[0].outcome, ("Created", "Skipped as Duplicate"))
		item = frappe.get_doc("Item", "_T-NORM-1")
		self.assertEqual(item.pharm_trade_name, "НУРОФЕН")
		self.assertEqual(item.pharm_dosage_form, "таблетки, покрытые оболочкой")
		self.assertEqual(item.pharm_strength, "200 мг")
		self.assertEqual(item.pharm_pack_qty, 10)
		self.assertEqual([b.barcode for b in item.barcodes], ["4606556000059"])

	def test_a_row_the_database_refuses_leaves_nothing_behind(self):
		long_code = "_T-" + "Я" * 200
		content = f"Код;Наименование;Штрихкод\n{long_code};Тестовый товар;4606556000066\n".encode()
		doc = new_import(content, "refused.csv")
		run_import(doc.name)
		doc.reload()
		self.assertEqual(doc.results[0].outcome, REJECTED)
		self.assertIn("refused", doc.results[0].reason)
		self.assertFalse(frappe.db.exists("Item Barcode", {"barcode": "4606556000066"}))
		self.assertFalse(frappe.db.exists("Item", {"item_name": "Тестовый товар"}))

	def test_mapping_changed_once_is_remembered(self):
		column = f"Шифр {frappe.generate_hash(length=6)}"  # a header layout this site has never seen
		content = f"{column};Наименование;Примечание\n_T-MAP-1;Тестомапин таб. 5 мг №20;x\n".encode()
		first = new_import(content, "map.csv")
		self.assertEqual([c.target for c in first.columns], ["", "Item Name", ""])
		first.columns[0].target = "Legacy Code"
		first.save()
		first.start_import()  # remembers the mapping and queues the job
		second = new_import(content, "map-again.csv")
		self.assertTrue(second.mapping_remembered)
		self.assertEqual([c.target for c in second.columns], ["Legacy Code", "Item Name", ""])
		run_import(second.name)
		self.assertTrue(frappe.db.exists("Item", "_T-MAP-1"))

	def test_rejected_rows_download_with_reasons(self):
		content = "Код;Наименование;Кол-во в уп.\n_T-REJ-1;Тестовый;много\n_T-REJ-2;;10\n".encode()
		doc = new_import(content, "rejects.csv")
		run_import(doc.name)
		download_rejected(doc.name)
		text = frappe.response["filecontent"].decode("utf-8-sig")
		lines = list(csv.reader(io.StringIO(text), delimiter=";"))
		self.assertEqual(len(lines), 3)
		self.assertEqual([line[0] for line in lines[1:]], ["2", "3"])
		self.assertIn("много", lines[1][-1])
		doc.reload()
		self.assertEqual(json.loads(doc.results[0].source_values)["Pack"], "много")

	def test_preview_shows_the_first_rows_as_they_will_be_imported(self):
		doc = new_import(LEGACY_SAMPLE.read_bytes(), "legacy_catalogue.xlsx")
		preview = doc.preview_rows()
		self.assertEqual(len(preview), 10)
		self.assertEqual(preview[0]["row_no"], expected_outcomes()["header_row"] + 1)
		first = preview[0]
		self.assertEqual(first["strength"], "500 мг")  # "500 MG" in the sheet
		self.assertEqual(first["dosage_form"], "таблетки, покрытые пленочной оболочкой")  # "ТАБ. п/п/о"
		self.assertEqual(first["pack_qty"], 50)  # "50 шт"
		self.assertEqual(first["problems"], [])

	def test_only_users_who_may_create_items_can_start_an_import(self):
		ensure_test_staff()
		doc = new_import("Код;Наименование\n_T-PERM-1;Тестоправин таб. 5 мг №10\n".encode(), "perm.csv")
		frappe.db.commit()
		frappe.set_user("director@pharmacy.test")  # may manage imports, may not create items
		try:
			self.assertRaises(
				frappe.PermissionError, frappe.get_doc("Catalogue Import", doc.name).start_import
			)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Catalogue Import", doc.name, "status"), "Draft")
