import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue.analogues import get_analogues
from pharmacy_ext.tests.fixtures import ensure_test_chain, ensure_test_item, receive_test_stock

T01, T02 = "_Test Pharmacy 1", "_Test Pharmacy 2"
# code: (INN, dosage form, strength, ATC); made-up INNs and ATC group Z so demo data never mixes in.
ITEMS = {
	"_Test Ibuprofen 200 A": ("Тестопрофен", "таблетки", "200 мг", "Z01AE01"),
	"_Test Ibuprofen 200 B": ("Тестопрофен", "Таблетки", "200 мг", "Z01AE01"),
	"_Test Ibuprofen 400": ("Тестопрофен", "таблетки", "400 мг", "Z01AE01"),
	"_Test Ketoprofen 100": ("Тестокетон", "капсулы", "100 мг", "Z01AE03"),
	"_Test Diclofenac 50": ("Тестофенак", "таблетки", "50 мг", "Z01AB05"),
}


def ensure_items():
	for code, (inn, form, strength, atc) in ITEMS.items():
		ensure_test_item(
			code, pharm_inn=inn, pharm_dosage_form=form, pharm_strength=strength, pharm_atc_code=atc
		)


def ensure_stock(item_code: str, branch: str, qty: float):
	receive_test_stock(item_code, branch, qty, f"analogue test stock {item_code} {branch}", rate=90)


class TestAnalogues(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_test_chain()
		ensure_items()
		ensure_stock("_Test Ibuprofen 200 B", T01, 4)
		ensure_stock("_Test Ibuprofen 200 B", T02, 9)
		price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list")
		if not frappe.db.exists(
			"Item Price", {"item_code": "_Test Ibuprofen 200 B", "price_list": price_list}
		):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": "_Test Ibuprofen 200 B",
					"price_list": price_list,
					"price_list_rate": 150,
				}
			).insert(ignore_permissions=True)

	def test_substitutes_share_inn_form_and_strength(self):
		result = get_analogues("_Test Ibuprofen 200 A", branch=T01)
		self.assertEqual([s["item_code"] for s in result["substitutes"]], ["_Test Ibuprofen 200 B"])
		substitute = result["substitutes"][0]
		self.assertEqual(substitute["price"], 150)
		self.assertEqual(substitute["stock_here"], 4)
		self.assertEqual(substitute["other_pharmacies"], [{"branch": T02, "qty": 9}])

	def test_alternatives_share_the_atc_level_4_group(self):
		alternatives = {
			a["item_code"] for a in get_analogues("_Test Ibuprofen 200 A", branch=T01)["alternatives"]
		}
		self.assertEqual(alternatives, {"_Test Ibuprofen 400", "_Test Ketoprofen 100"})

	def test_guest_is_refused(self):
		frappe.set_user("Guest")
		try:
			with self.assertRaises(frappe.PermissionError):
				get_analogues("_Test Ibuprofen 200 A")
		finally:
			frappe.set_user("Administrator")
