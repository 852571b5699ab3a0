import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, today

from pharmacy_ext.catalogue.report.incomplete_item_cards import incomplete_item_cards
from pharmacy_ext.catalogue.stale import disable_items, stale_items
from pharmacy_ext.tests.fixtures import (
	ensure_test_chain,
	ensure_test_item,
	ensure_test_staff,
	receive_test_stock,
)

T01 = "_Test Pharmacy 1"


def old_item(code: str) -> str:
	"""An item created a year ago."""
	if frappe.db.exists("Item", code):
		frappe.delete_doc("Item", code, force=True)
	ensure_test_item(code, pharm_category="Hygiene")
	frappe.db.set_value("Item", code, "creation", add_months(today(), -12), update_modified=False)
	return code


class TestStaleItems(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_test_chain()
		cls.dead = old_item("_Test Stale Dead")
		cls.stocked = old_item("_Test Stale Stocked")
		receive_test_stock(cls.stocked, T01, 1, f"stale test stock {frappe.generate_hash(length=6)}")
		cls.sold = old_item("_Test Stale Sold Legacy")
		frappe.get_doc(
			{
				"doctype": "Legacy Sales Line",
				"receipt_no": "STALE-1",
				"posting_date": add_days(today(), -30),
				"branch": T01,
				"item_code": cls.sold,
				"qty": 1,
				"amount": 10,
			}
		).insert(ignore_permissions=True)
		cls.new = ensure_test_item("_Test Stale Brand New", pharm_category="Hygiene")

	def test_only_items_without_stock_or_movement_are_stale(self):
		stale = {row.name for row in stale_items(months=6)}
		self.assertIn(self.dead, stale)
		self.assertNotIn(self.stocked, stale)
		self.assertNotIn(self.sold, stale)
		self.assertNotIn(self.new, stale)

	def test_disabling_rechecks_each_item(self):
		doomed = old_item("_Test Stale To Disable")
		result = disable_items([doomed, self.stocked], months=6)
		self.assertEqual(result, {"disabled": [doomed], "kept": [self.stocked]})
		self.assertTrue(frappe.db.get_value("Item", doomed, "disabled"))
		self.assertFalse(frappe.db.get_value("Item", self.stocked, "disabled"))

	def test_a_pharmacist_cannot_disable_items(self):
		ensure_test_staff()
		frappe.set_user("t01.pharmacist@pharmacy.test")
		try:
			with self.assertRaises(frappe.PermissionError):
				disable_items([self.dead])
		finally:
			frappe.set_user("Administrator")


class TestIncompleteCardsReport(FrappeTestCase):
	def test_lists_incomplete_cards_with_a_chart_by_category(self):
		code = old_item("_Test Stale Dead")
		_columns, rows, _message, chart = incomplete_item_cards.execute({"category": "Hygiene"})
		row = next(r for r in rows if r.name == code)
		self.assertLess(row.pharm_completeness, 100)
		self.assertTrue(row.pharm_missing_facts)
		self.assertEqual(len(chart["data"]["labels"]), len(chart["data"]["datasets"][0]["values"]))
		self.assertTrue(all(r.pharm_category == "Hygiene" for r in rows))
