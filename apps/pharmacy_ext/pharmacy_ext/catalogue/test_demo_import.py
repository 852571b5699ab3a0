from types import SimpleNamespace

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue import demo_import
from pharmacy_ext.catalogue.sample_files import expected_outcomes


def counts() -> tuple:
	return (
		frappe.db.count("Item"),
		frappe.db.count("Catalogue Import"),
		frappe.db.count("Item Duplicate Candidate"),
		frappe.db.count("Item Duplicate Candidate", {"status": "Merged"}),
	)


class TestDemoImport(FrappeTestCase):
	def test_demo_step_imports_scans_merges_and_a_second_run_changes_nothing(self):
		loader = SimpleNamespace(scale=0.01, seed=42)
		demo_import.load(loader)
		imported = frappe.get_all(
			"Catalogue Import",
			filters={"import_file": ("like", "%legacy_catalogue%"), "status": "Completed with Rejections"},
			fields=["total_rows"],
		)
		self.assertTrue(imported)
		self.assertEqual(imported[0].total_rows, expected_outcomes()["data_rows"])
		self.assertGreaterEqual(counts()[3], 1)
		self.assertTrue(frappe.db.exists("Item Duplicate Candidate", {"status": "Open"}))
		before = counts()
		demo_import.load(loader)
		self.assertEqual(counts(), before)
