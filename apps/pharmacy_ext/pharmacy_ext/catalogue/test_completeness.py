import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue.completeness import CATEGORY_FACTS, COMMON_FACTS
from pharmacy_ext.demo.plan import ean13
from pharmacy_ext.tests.fixtures import ensure_test_item

FULL_DRUG = {
	"pharm_category": "Drug",
	"pharm_manufacturer": "Тестфарм",
	"pharm_country": "Russian Federation",
	"pharm_inn": "Тестопрофен",
	"pharm_trade_name": "Тестофен",
	"pharm_atc_code": "Z01AE01",
	"pharm_dosage_form": "таблетки",
	"pharm_strength": "200 мг",
	"pharm_pack_qty": 10,
	"pharm_ru_number": "ЛП-000001",
	"pharm_ru_kind": "EAEU",
	"pharm_ru_status": "Valid",
	"pharm_storage": "В защищённом от света месте",
	"pharm_marking": "MDLP",
	"shelf_life_in_days": 1095,
	"has_batch_no": 1,
	"has_expiry_date": 1,
	"create_new_batch": 1,
}


def barcode_row(body: str) -> list[dict]:
	"""A barcode row with a valid EAN-13 check digit for the 12-digit `body`."""
	return [{"barcode": ean13(body), "barcode_type": "EAN"}]


def fresh_item(code: str, **fields) -> frappe._dict:
	if frappe.db.exists("Item", code):
		frappe.delete_doc("Item", code, force=True)
	ensure_test_item(code, **fields)
	return frappe.db.get_value("Item", code, ["pharm_completeness", "pharm_missing_facts"], as_dict=True)


class TestCompleteness(FrappeTestCase):
	def test_required_facts_depend_on_the_category(self):
		# A drug: 6 common facts + 14 of its own; a tonometer: 6 + 3.
		self.assertEqual(len(COMMON_FACTS) + len(CATEGORY_FACTS["Drug"]), 20)
		self.assertEqual(len(COMMON_FACTS) + len(CATEGORY_FACTS["Medical Device"]), 9)

	def test_a_full_drug_card_scores_100(self):
		card = fresh_item("_Test Complete Drug", **FULL_DRUG, barcodes=barcode_row("460999000001"))
		self.assertEqual(card.pharm_completeness, 100)
		self.assertFalse(card.pharm_missing_facts)

	def test_missing_facts_lower_the_score_and_are_named(self):
		card = fresh_item(
			"_Test Incomplete Drug",
			**{**FULL_DRUG, "pharm_inn": None, "pharm_atc_code": None},
			barcodes=barcode_row("460999000002"),
		)
		# 18 of 20 required facts present.
		self.assertEqual(card.pharm_completeness, 90)
		label_inn = frappe.get_meta("Item").get_label("pharm_inn")
		self.assertIn(frappe._(label_inn), card.pharm_missing_facts)

	def test_a_tonometer_needs_less_than_a_drug(self):
		card = fresh_item(
			"_Test Tonometer",
			pharm_category="Medical Device",
			pharm_manufacturer="Тестмед",
			pharm_country="Japan",
			barcodes=barcode_row("460999000003"),
			pharm_trade_name="Тонометр Тест",
			pharm_ru_number="РЗН 2019/0001",
			pharm_ru_status="Valid",
		)
		self.assertEqual(card.pharm_completeness, 100)
		# Without its registration and barcode: 7 of 9.
		card = fresh_item(
			"_Test Tonometer 2",
			pharm_category="Medical Device",
			pharm_manufacturer="Тестмед",
			pharm_country="Japan",
			pharm_trade_name="Тонометр Тест 2",
			pharm_ru_status="Valid",
		)
		self.assertEqual(card.pharm_completeness, 77.8)

	def test_an_uncategorised_card_misses_its_category(self):
		card = fresh_item("_Test No Category")
		self.assertIn(frappe._(frappe.get_meta("Item").get_label("pharm_category")), card.pharm_missing_facts)
