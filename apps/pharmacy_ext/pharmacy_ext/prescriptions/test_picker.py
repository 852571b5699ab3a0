import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from pharmacy_ext.prescriptions.doctype.prescription.test_prescription import (
	ensure_customer,
	ensure_item,
	make_invoice,
	make_prescription,
)
from pharmacy_ext.prescriptions.picker import prescriptions_covering

RX, OTC = "_Test Picker Rx", "_Test Picker OTC"
BUYER, OTHER = "_Test Picker Buyer", "_Test Picker Other"


class TestPrescriptionPicker(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_item(RX, rx=True, inn="Тестпикерин")
		ensure_item(OTC, rx=False)
		ensure_customer(BUYER)
		ensure_customer(OTHER)

	def test_offers_the_prescription_that_expires_first_with_the_quantity_left(self):
		later = make_prescription(BUYER, lines=((RX, 3),), form="107-1/у", issue_date=today())
		sooner = make_prescription(
			BUYER, lines=((RX, 2),), form="148-1/у-88", issue_date=add_days(today(), -10)
		)
		make_invoice(BUYER, lines=((RX, 1),), prescription=sooner.name)
		offered = prescriptions_covering(BUYER, RX)
		self.assertTrue(offered["rx_only"])
		names = [p["name"] for p in offered["prescriptions"]]
		self.assertEqual(names[0], sooner.name)
		self.assertIn(later.name, names)
		self.assertEqual(offered["prescriptions"][0]["qty_left"], 1)

	def test_nothing_for_another_customer_or_an_otc_item(self):
		make_prescription(BUYER, lines=((RX, 1),))
		self.assertEqual(prescriptions_covering(OTHER, RX), {"rx_only": True, "prescriptions": []})
		self.assertEqual(prescriptions_covering(BUYER, OTC), {"rx_only": False, "prescriptions": []})

	def test_needs_the_right_to_read_prescriptions(self):
		frappe.set_user("Guest")
		try:
			with self.assertRaises(frappe.PermissionError):
				prescriptions_covering(BUYER, RX)
		finally:
			frappe.set_user("Administrator")


def ensure_browser_prescription() -> str:
	"""A prescription of the picker's buyer for the browser test (bench execute prints its name)."""
	ensure_item(RX, rx=True, inn="Тестпикерин")
	ensure_customer(BUYER)
	existing = frappe.db.get_value(
		"Prescription", {"customer": BUYER, "series": "E2E", "docstatus": 1, "status": "Active"}, "name"
	)
	name = existing or make_prescription(BUYER, lines=((RX, 5),), series="E2E").name
	frappe.db.commit()
	return name
