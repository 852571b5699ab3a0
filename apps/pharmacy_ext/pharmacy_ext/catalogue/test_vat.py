import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from pharmacy_ext.catalogue.vat import decide_vat, reevaluate_lapsed_registrations, template_for
from pharmacy_ext.tests.fixtures import ensure_test_item

DRUG = {"pharm_category": "Drug", "pharm_ru_number": "ЛП-№(000123)-(РГ-RU)"}


class TestVatRules(FrappeTestCase):
	"""The rules of art. 164 as in force from 2026, one fact at a time."""

	def rate(self, **facts):
		return decide_vat(facts, on_date="2026-06-01").rate

	def test_medicine_rates_follow_the_registration(self):
		self.assertEqual(self.rate(**DRUG, pharm_ru_kind="EAEU", pharm_ru_status="Valid"), 10)
		self.assertEqual(self.rate(**DRUG, pharm_ru_kind="National", pharm_ru_status="Valid"), 10)
		self.assertEqual(
			self.rate(**DRUG, pharm_ru_kind="National", pharm_ru_status="EAEU Re-registration Pending"), 10
		)
		self.assertEqual(self.rate(**DRUG, pharm_ru_kind="National", pharm_ru_status="Not Re-registered"), 22)
		self.assertEqual(self.rate(**DRUG, pharm_ru_kind="EAEU", pharm_ru_status="Cancelled"), 22)
		self.assertEqual(self.rate(**DRUG, pharm_ru_kind="National", pharm_ru_status="Expired"), 22)
		# An EAEU registration cannot be "pending re-registration": that status qualifies national ones only.
		self.assertEqual(
			self.rate(**DRUG, pharm_ru_kind="EAEU", pharm_ru_status="EAEU Re-registration Pending"), 22
		)

	def test_medicine_without_a_certificate_or_past_its_date_pays_the_standard_rate(self):
		self.assertEqual(self.rate(pharm_category="Drug", pharm_ru_kind="EAEU", pharm_ru_status="Valid"), 22)
		lapsed = decide_vat(
			{
				**DRUG,
				"pharm_ru_kind": "EAEU",
				"pharm_ru_status": "Valid",
				"pharm_ru_valid_until": "2026-05-31",
			},
			on_date="2026-06-01",
		)
		self.assertEqual(lapsed.rate, 22)
		self.assertIn("ЛП-№(000123)-(РГ-RU)", lapsed.reason)

	def test_other_categories(self):
		self.assertEqual(
			self.rate(pharm_category="Medical Device", pharm_ru_number="РЗН 2020/1", pharm_ru_status="Valid"),
			10,
		)
		self.assertEqual(self.rate(pharm_category="Medical Device"), 22)
		self.assertEqual(
			self.rate(pharm_category="Supplement", pharm_ru_number="x", pharm_ru_status="Valid"), 22
		)
		self.assertEqual(self.rate(pharm_category="Hygiene"), 22)
		self.assertEqual(self.rate(), 22)


class TestVatOnItems(FrappeTestCase):
	def make_drug(self, code: str, **facts) -> str:
		if frappe.db.exists("Item", code):
			frappe.delete_doc("Item", code, force=True)
		frappe.db.delete("Item VAT Change", {"item": code})
		return ensure_test_item(code, **DRUG, pharm_ru_kind="EAEU", pharm_ru_status="Valid", **facts)

	def tax_templates(self, code: str) -> list[str]:
		return [row.item_tax_template for row in frappe.get_doc("Item", code).taxes]

	def test_template_follows_the_facts_and_changes_are_logged(self):
		code = self.make_drug("_Test VAT Drug")
		self.assertEqual(frappe.db.get_value("Item", code, "pharm_vat_rate"), 10)
		self.assertEqual(self.tax_templates(code), [template_for(10)])

		item = frappe.get_doc("Item", code)
		item.pharm_ru_kind, item.pharm_ru_status = "National", "Not Re-registered"
		item.save()
		self.assertEqual(item.pharm_vat_rate, 22)
		self.assertEqual(self.tax_templates(code), [template_for(22)])
		changes = frappe.get_all(
			"Item VAT Change", filters={"item": code}, fields=["old_rate", "new_rate", "reason"]
		)
		self.assertEqual(len(changes), 1)
		self.assertEqual((changes[0].old_rate, changes[0].new_rate), (10, 22))
		self.assertIn("ЛП-№(000123)-(РГ-RU)", changes[0].reason)

		item.description = "Без изменения ставки"
		item.save()
		self.assertEqual(frappe.db.count("Item VAT Change", {"item": code}), 1)

	def test_other_tax_rows_are_kept(self):
		code = self.make_drug("_Test VAT Drug 2")
		item = frappe.get_doc("Item", code)
		other = frappe.db.get_value("Item Tax Template", {"title": "Russia VAT 10%"}, "name")
		item.append("taxes", {"item_tax_template": other, "valid_from": "2020-01-01"})
		item.save()
		self.assertEqual(sorted(self.tax_templates(code)), sorted([template_for(10), other]))

	def test_daily_job_drops_lapsed_registrations_to_the_standard_rate(self):
		code = self.make_drug("_Test VAT Lapsing", pharm_ru_valid_until=add_days(today(), 30))
		self.assertEqual(frappe.db.get_value("Item", code, "pharm_vat_rate"), 10)
		# The date passes without anyone touching the card.
		frappe.db.set_value(
			"Item", code, "pharm_ru_valid_until", add_days(today(), -1), update_modified=False
		)
		self.assertGreaterEqual(reevaluate_lapsed_registrations(), 1)
		self.assertEqual(frappe.db.get_value("Item", code, "pharm_vat_rate"), 22)
		self.assertEqual(
			frappe.db.get_value("Item VAT Change", {"item": code}, ["old_rate", "new_rate"]), (10, 22)
		)

	def test_templates_exist_and_the_obsolete_rate_is_off(self):
		for rate, other in ((22, 10), (10, 22)):
			template = frappe.get_doc("Item Tax Template", template_for(rate))
			# Its own account at its rate, the other VAT account at 0.
			self.assertEqual(
				{row.tax_type.split(" - ")[0]: row.tax_rate for row in template.taxes},
				{f"НДС {rate}%": rate, f"НДС {other}%": 0},
			)
		self.assertTrue(frappe.db.get_value("Item Tax Template", {"title": "Russia VAT 18%"}, "disabled"))


class TestVatOnSales(FrappeTestCase):
	def test_retail_prices_include_each_items_own_rate(self):
		from pharmacy_ext.catalogue.vat import SALES_VAT_TEMPLATE
		from pharmacy_ext.prescriptions.doctype.prescription.test_prescription import ensure_customer
		from pharmacy_ext.tests.fixtures import test_company

		ensure_test_item("_Test VAT Soap", pharm_category="Hygiene")
		ensure_test_item("_Test VAT Drops", **DRUG, pharm_ru_kind="EAEU", pharm_ru_status="Valid")
		abbr = frappe.db.get_value("Company", test_company(), "abbr")
		invoice = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"company": test_company(),
				"customer": ensure_customer("_Test VAT Buyer"),
				"due_date": today(),
				"taxes_and_charges": f"{SALES_VAT_TEMPLATE} - {abbr}",
				"items": [
					{"item_code": "_Test VAT Soap", "qty": 1, "rate": 122},
					{"item_code": "_Test VAT Drops", "qty": 2, "rate": 110},
				],
			}
		)
		invoice.run_method("set_missing_values")
		invoice.insert(ignore_permissions=True)
		vat = {row.description: row.tax_amount for row in invoice.taxes}
		# Prices include VAT: 122 = 100 + 22 % and 2 × 110 = 2 × (100 + 10 %).
		self.assertEqual(vat, {"НДС 22%": 22.0, "НДС 10%": 20.0})
		self.assertEqual(invoice.net_total, 300.0)
		self.assertEqual(invoice.grand_total, 342.0)
