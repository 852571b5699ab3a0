"""Prescription-only drugs sell only against a valid prescription of the buyer (the Rx guard)."""

import threading

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from pharmacy_ext.prescriptions.dispensing import PrescriptionRequiredError
from pharmacy_ext.tests.fixtures import ensure_test_item, ensure_test_staff, test_company

RX_ITEM = "_Test Rx Drug"
PKU_ITEM = "_Test PKU Drug"
OTC_ITEM = "_Test OTC Drug"
BUYER = "_Test Rx Buyer"


def ensure_item(code: str, rx: bool, pku: bool = False, inn: str = "Тестмицин") -> str:
	return ensure_test_item(code, pharm_rx_only=int(rx), pharm_pku=int(pku), pharm_inn=inn)


def ensure_customer(name: str) -> str:
	if not frappe.db.exists("Customer", name):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
				"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			}
		).insert(ignore_permissions=True)
	return name


def make_prescription(customer=BUYER, lines=((RX_ITEM, 2),), form="107-1/у", issue_date=None, **extra):
	doc = frappe.get_doc(
		{
			"doctype": "Prescription",
			"customer": customer,
			"form": form,
			"number": frappe.generate_hash(length=8),
			"issue_date": issue_date or today(),
			"prescriber": "Иванова Е. П.",
			"items": [{"item_code": code, "qty_prescribed": qty} for code, qty in lines],
			**extra,
		}
	).insert(ignore_permissions=True)
	doc.submit()
	return doc


def make_invoice(customer=BUYER, lines=((RX_ITEM, 1),), prescription=None, submit=True, **extra):
	doc = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": test_company(),
			"customer": customer,
			"posting_date": today(),
			"due_date": today(),
			"update_stock": 0,
			"items": [
				{"item_code": code, "qty": qty, "rate": 100, "pharm_prescription": prescription}
				for code, qty in lines
			],
			**extra,
		}
	).insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def dispensed(prescription: str) -> float:
	return sum(frappe.get_all("Prescription Item", filters={"parent": prescription}, pluck="qty_dispensed"))


class TestPrescriptionGuard(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_item(RX_ITEM, rx=True)
		ensure_item(PKU_ITEM, rx=True, pku=True, inn="Прегабалин")
		ensure_item(OTC_ITEM, rx=False, inn="Парацетамол")
		ensure_customer(BUYER)
		ensure_test_staff()
		frappe.db.commit()

	def setUp(self):
		frappe.local.lang = "en"
		# A buyer of their own per test: prescriptions of other tests (some committed) never leak in.
		self.buyer = ensure_customer(f"_Test Rx Buyer {frappe.generate_hash(length=8)}")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"

	def test_validity_follows_the_form(self):
		issued = getdate("2026-03-01")
		cases = {("107-1/у", 0): 60, ("107-1/у", 1): 365, ("148-1/у-88", 0): 15, ("148-1/у-04(л)", 1): 90}
		for (form, chronic), days in cases.items():
			rx = make_prescription(form=form, issue_date=issued, chronic_patient=chronic)
			self.assertEqual(getdate(rx.valid_until), getdate(add_days(issued, days)), form)

	def test_over_the_counter_needs_nothing(self):
		invoice = make_invoice(lines=((OTC_ITEM, 3),))
		self.assertEqual(invoice.docstatus, 1)

	def test_no_prescription_is_refused_in_russian(self):
		frappe.local.lang = "ru"
		with self.assertRaises(PrescriptionRequiredError) as caught:
			make_invoice(customer=self.buyer)
		self.assertIn("рецептурный", str(caught.exception))
		self.assertIn(RX_ITEM, str(caught.exception))

	def test_valid_prescription_dispenses_and_cancel_gives_back(self):
		rx = make_prescription(lines=((RX_ITEM, 2),))
		invoice = make_invoice(lines=((RX_ITEM, 1),), prescription=rx.name)
		self.assertEqual(dispensed(rx.name), 1)
		self.assertEqual(frappe.db.get_value("Prescription", rx.name, "status"), "Partly Dispensed")
		log = frappe.get_all(
			"Prescription Dispensation", filters={"invoice": invoice.name}, fields=["prescription", "qty"]
		)
		self.assertEqual([(log[0].prescription, log[0].qty)], [(rx.name, 1)])

		invoice.cancel()
		self.assertEqual(dispensed(rx.name), 0)
		self.assertEqual(frappe.db.get_value("Prescription", rx.name, "status"), "Active")
		self.assertEqual(
			frappe.db.get_value("Prescription Dispensation", {"invoice": invoice.name}, "status"), "Returned"
		)

	def test_over_quantity_is_refused(self):
		rx = make_prescription(lines=((RX_ITEM, 2),))
		with self.assertRaises(PrescriptionRequiredError) as caught:
			make_invoice(lines=((RX_ITEM, 3),), prescription=rx.name)
		self.assertIn("2.0 of 3.0", str(caught.exception))
		self.assertEqual(dispensed(rx.name), 0)

	def test_expired_prescription_is_refused(self):
		old = make_prescription(customer=self.buyer, issue_date=add_days(today(), -90))
		with self.assertRaises(PrescriptionRequiredError) as caught:
			make_invoice(customer=self.buyer)
		self.assertIn("expired", str(caught.exception))
		self.assertIn(old.name, str(caught.exception))

	def test_another_customers_prescription_is_refused(self):
		rx = make_prescription(customer=BUYER)
		with self.assertRaises(PrescriptionRequiredError) as caught:
			make_invoice(customer=self.buyer, prescription=rx.name)
		self.assertIn("another customer", str(caught.exception))

	def test_inn_prescription_covers_any_brand(self):
		doc = frappe.get_doc(
			{
				"doctype": "Prescription",
				"customer": BUYER,
				"form": "107-1/у",
				"number": frappe.generate_hash(length=8),
				"issue_date": today(),
				"prescriber": "Петров А. С.",
				"items": [{"inn": "тестмицин", "qty_prescribed": 1}],
			}
		).insert(ignore_permissions=True)
		doc.submit()
		make_invoice(prescription=doc.name)
		self.assertEqual(frappe.db.get_value("Prescription", doc.name, "status"), "Dispensed")

	def test_pku_prescription_is_retained(self):
		rx = make_prescription(lines=((PKU_ITEM, 1),))
		make_invoice(lines=((PKU_ITEM, 1),), prescription=rx.name)
		self.assertEqual(
			frappe.db.get_value("Prescription", rx.name, ["status", "retained"]), ("Dispensed", 1)
		)

	def test_override_needs_the_role_and_a_reason_and_is_logged(self):
		frappe.set_user("t01.pharmacist@pharmacy.test")
		with self.assertRaisesRegex(frappe.PermissionError, "without a prescription"):
			make_invoice(customer=self.buyer, pharm_rx_override=1, pharm_rx_override_reason="срочно")
		frappe.set_user("t01.head@pharmacy.test")
		with self.assertRaises(frappe.ValidationError):
			make_invoice(customer=self.buyer, pharm_rx_override=1, pharm_rx_override_reason=" ", submit=False)
		invoice = make_invoice(
			customer=self.buyer, pharm_rx_override=1, pharm_rx_override_reason="Экстренный случай"
		)
		log = frappe.get_all(
			"Prescription Dispensation",
			filters={"invoice": invoice.name},
			fields=["is_override", "override_reason", "owner"],
		)
		self.assertEqual((log[0].is_override, log[0].override_reason), (1, "Экстренный случай"))
		self.assertEqual(log[0].owner, "t01.head@pharmacy.test")


class TestConcurrentDispensing(FrappeTestCase):
	"""Two tills submit invoices for the last pack of one prescription at the same time: one wins."""

	def test_only_one_till_gets_the_last_pack(self):
		ensure_item(RX_ITEM, rx=True)
		ensure_customer(BUYER)
		rx = make_prescription(lines=((RX_ITEM, 1),))
		drafts = [make_invoice(prescription=rx.name, submit=False).name for _ in range(2)]
		frappe.db.commit()
		site, results, barrier = frappe.local.site, {}, threading.Barrier(2)

		def till(name):
			frappe.init(site=site)
			frappe.connect()
			try:
				frappe.set_user("Administrator")
				invoice = frappe.get_doc("Sales Invoice", name)
				barrier.wait(timeout=30)
				invoice.submit()
				frappe.db.commit()
				results[name] = "submitted"
			except PrescriptionRequiredError:
				frappe.db.rollback()
				results[name] = "refused"
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=till, args=(name,)) for name in drafts]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(timeout=120)
		self.assertEqual(sorted(results.values()), ["refused", "submitted"])
		self.assertEqual(dispensed(rx.name), 1)
		self.assertEqual(frappe.db.get_value("Prescription", rx.name, "status"), "Dispensed")
