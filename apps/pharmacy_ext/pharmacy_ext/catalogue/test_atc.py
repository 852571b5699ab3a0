import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue.atc import level_of, levels
from pharmacy_ext.catalogue.report.atc_catalogue import atc_catalogue
from pharmacy_ext.tests.fixtures import ensure_test_chain, ensure_test_item, receive_test_stock

T01, T02 = "_Test Pharmacy 1", "_Test Pharmacy 2"


class TestAtc(FrappeTestCase):
	def test_levels_of_a_code(self):
		self.assertEqual(levels("m01ae01"), ["M", "M01", "M01A", "M01AE", "M01AE01"])
		self.assertEqual(levels("N02B"), ["N", "N02", "N02B"])
		self.assertEqual(levels(None), [])
		self.assertEqual([level_of(c) for c in ("M", "M01", "M01A", "M01AE", "M01AE01")], [1, 2, 3, 4, 5])

	def test_the_catalogue_tree_counts_items_and_stock_per_group(self):
		ensure_test_chain()
		# Made-up group Y so nothing else on the site falls into it.
		ensure_test_item("_Test ATC One", pharm_atc_code="Y01AB01", pharm_inn="Тестатин")
		ensure_test_item("_Test ATC Two", pharm_atc_code="Y01AB02", pharm_inn="Тестазол")
		ensure_test_item("_Test ATC Three", pharm_atc_code="Y02CA01", pharm_inn="Тестамид")
		receive_test_stock("_Test ATC One", T01, 4, "atc test stock one T01")
		receive_test_stock("_Test ATC Two", T02, 6, "atc test stock two T02")

		_columns, rows, _message, _chart = atc_catalogue.execute({"depth": 4})
		by_code = {r["atc_code"]: r for r in rows}
		self.assertEqual(
			(by_code["Y"]["items"], by_code["Y"]["in_stock"], by_code["Y"]["stock_qty"]), (3, 2, 10)
		)
		self.assertEqual(by_code["Y01AB"]["items"], 2)
		self.assertEqual(by_code["Y01AB"]["title"], "Тестазол, Тестатин")
		self.assertEqual(by_code["Y01AB"]["parent_atc"], "Y01A")
		self.assertNotIn("Y01AB01", by_code)  # depth 4 stops at the chemical group

		_columns, rows, _message, _chart = atc_catalogue.execute({"depth": 4, "branch": T01})
		y = next(r for r in rows if r["atc_code"] == "Y")
		self.assertEqual((y["in_stock"], y["stock_qty"]), (1, 4))
