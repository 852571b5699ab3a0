import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue.search import item_card, search_items
from pharmacy_ext.catalogue.test_completeness import barcode_row
from pharmacy_ext.tests.fixtures import ensure_test_chain, ensure_test_item, receive_test_stock

T01 = "_Test Pharmacy 1"
BARCODE = barcode_row("460999100001")


def codes(result: dict) -> list[str]:
	return [row["item_code"] for row in result["items"]]


def ensure_finder_items():
	"""Two forms of one made-up brand (one in stock at _Test Pharmacy 1) and a disabled one; also used by the
	browser test of the Item Finder page (via bench execute)."""
	ensure_test_chain()
	ensure_test_item(
		"_Test Finder Spray",
		item_name="Нозофрин спрей назальный 0,1% 10 мл",
		pharm_trade_name="Нозофрин",
		pharm_inn="Тестоксилин",
		pharm_category="Drug",
		barcodes=BARCODE,
	)
	ensure_test_item(
		"_Test Finder Drops",
		item_name="Нозофрин капли 0,05% 10 мл",
		pharm_trade_name="Нозофрин",
		pharm_inn="Тестоксилин",
		pharm_category="Drug",
	)
	ensure_test_item("_Test Finder Disabled", item_name="Нозофрин старый", disabled=1)
	receive_test_stock("_Test Finder Spray", T01, 5, "finder test stock")
	frappe.db.commit()


class TestItemSearch(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_finder_items()

	def test_a_barcode_scan_finds_exactly_one_item(self):
		result = search_items(BARCODE[0]["barcode"], branch=T01)
		self.assertEqual(codes(result), ["_Test Finder Spray"])
		self.assertEqual(result["match"], "barcode")
		self.assertEqual(result["items"][0]["stock_here"], 5)

	def test_trade_name_and_inn_find_every_enabled_form(self):
		for text in ("Нозофрин", "нозоф", "тестоксилин", "ТЕСТОКСИЛИН"):
			with self.subTest(text=text):
				found = codes(search_items(text, branch=T01))
				self.assertEqual(set(found[:2]), {"_Test Finder Spray", "_Test Finder Drops"})
				self.assertNotIn("_Test Finder Disabled", found)

	def test_a_misspelt_name_is_found_fuzzily(self):
		result = search_items("Нозафрин", branch=T01)
		self.assertIn("_Test Finder Spray", codes(result))
		self.assertEqual(result["match"], "fuzzy")

	def test_the_wrong_keyboard_layout_is_forgiven(self):
		# "Нозофрин" typed with the keyboard still in English layout.
		self.assertIn("_Test Finder Spray", codes(search_items("Yjpjahby", branch=T01)))

	def test_a_new_item_is_searchable_at_once(self):
		search_items("Нозофрин", branch=T01)  # builds the index
		code = ensure_test_item("_Test Finder New", item_name="Тестовирин таблетки")
		try:
			self.assertIn(code, codes(search_items("Теставирин", branch=T01)))
		finally:
			frappe.delete_doc("Item", code, force=True)

	def test_item_card_lists_the_facts(self):
		card = item_card("_Test Finder Spray")
		self.assertEqual(card["barcodes"], [BARCODE[0]["barcode"]])
		self.assertIn("Тестоксилин", [fact["value"] for fact in card["facts"]])

	def test_guest_is_refused(self):
		frappe.set_user("Guest")
		try:
			with self.assertRaises(frappe.PermissionError):
				search_items("Нозофрин")
		finally:
			frappe.set_user("Administrator")
