"""The demo generator is deterministic, and what the loader writes matches the plan it was given."""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.demo.loader import load_demo, load_state, plan_totals_in_db
from pharmacy_ext.demo.plan import build_plan, normalise_phone

ANCHOR = date(2026, 6, 15)
LOAD_SCALE, LOAD_SEED = 0.01, 42


class TestDemoPlan(FrappeTestCase):
	def test_same_seed_same_plan(self):
		first = build_plan(seed=7, scale=0.02, anchor=ANCHOR)
		second = build_plan(seed=7, scale=0.02, anchor=ANCHOR)
		self.assertEqual(first.digest(), second.digest())
		self.assertEqual(first.summary(), second.summary())

	def test_other_seed_other_plan(self):
		self.assertNotEqual(
			build_plan(seed=7, scale=0.02, anchor=ANCHOR).digest(),
			build_plan(seed=8, scale=0.02, anchor=ANCHOR).digest(),
		)

	def test_sizes_follow_scale_but_the_chain_does_not(self):
		small = build_plan(seed=7, scale=0.02, anchor=ANCHOR)
		larger = build_plan(seed=7, scale=0.1, anchor=ANCHOR)
		self.assertEqual(len(small.items), 40)
		self.assertEqual(len(larger.items), 200)
		self.assertEqual(len(larger.customers), 500)
		self.assertEqual(len(small.branches), 7)
		self.assertEqual(len(small.employees), len(larger.employees))
		self.assertGreater(len(larger.history), len(small.history))

	def test_messy_duplicates_share_a_normalised_phone(self):
		plan = build_plan(seed=7, scale=0.1, anchor=ANCHOR)
		by_id = {c["customer_id"]: c for c in plan.customers}
		duplicates = [c for c in plan.customers if c["duplicate_of"]]
		self.assertTrue(duplicates)
		for dup in duplicates:
			original = by_id[dup["duplicate_of"]]
			self.assertEqual(normalise_phone(dup["phone"]), normalise_phone(original["phone"]))

	def test_invoices_never_oversell_opening_stock(self):
		plan = build_plan(seed=7, scale=0.05, anchor=ANCHOR)
		stock = {(r["branch_code"], r["item_code"], r["batch_id"]): r["qty"] for r in plan.opening_stock}
		sold: dict = {}
		for invoice in plan.invoices:
			self.assertLess(invoice["posting_date"], ANCHOR)
			for line in invoice["lines"]:
				key = (invoice["branch_code"], line["item_code"], line["batch_id"])
				sold[key] = sold.get(key, 0) + line["qty"]
		for key, qty in sold.items():
			self.assertLessEqual(qty, stock.get(key, 0), key)


class TestDemoLoad(FrappeTestCase):
	"""Loads a tiny data set into the test site (once; later runs find it there) and checks it."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		load_demo(scale=LOAD_SCALE, seed=LOAD_SEED)
		# The first load fixed the anchor date; the same plan is rebuilt from it.
		cls.plan = build_plan(
			seed=LOAD_SEED, scale=LOAD_SCALE, anchor=date.fromisoformat(load_state()["anchor"])
		)

	def test_loaded_counts_and_totals_match_the_plan(self):
		summary = self.plan.summary()
		in_db = plan_totals_in_db()
		self.assertEqual(in_db["items"], len(self.plan.items))
		self.assertEqual(in_db["customers"], len(self.plan.customers))
		self.assertEqual(in_db["invoices"], len(self.plan.invoices))
		self.assertEqual(in_db["history_lines"], len(self.plan.history))
		self.assertAlmostEqual(in_db["invoice_amount"], summary["invoice_amount"], places=2)

	def test_second_load_changes_nothing(self):
		before = plan_totals_in_db()
		load_demo(scale=LOAD_SCALE, seed=LOAD_SEED)
		self.assertEqual(plan_totals_in_db(), before)

	def test_each_pharmacy_is_a_complete_branch(self):
		for branch in self.plan.branches:
			doc = frappe.get_doc("Branch", branch["name"])
			self.assertEqual(doc.pharm_code, branch["code"])
			for field in ("pharm_warehouse", "pharm_cost_center", "pharm_location"):
				self.assertTrue(doc.get(field), f"{branch['code']}: {field}")
			self.assertEqual(frappe.db.get_value("Warehouse", doc.pharm_warehouse, "pharm_branch"), doc.name)

	def test_invoices_are_stamped_with_their_branch(self):
		rows = frappe.get_all(
			"Sales Invoice",
			filters={"docstatus": 1, "remarks": ["like", "SI-DEMO-%"]},
			fields=["pharm_branch", "set_warehouse"],
		)
		self.assertTrue(rows)
		for row in rows:
			self.assertEqual(
				frappe.db.get_value("Warehouse", row.set_warehouse, "pharm_branch"), row.pharm_branch
			)

	def test_demo_sales_carry_vat_inside_the_price(self):
		rows = frappe.get_all(
			"Sales Invoice",
			filters={"docstatus": 1, "remarks": ["like", "SI-DEMO-%"]},
			fields=["name", "taxes_and_charges", "net_total", "total_taxes_and_charges", "grand_total"],
		)
		self.assertTrue(rows)
		for row in rows:
			self.assertTrue(row.taxes_and_charges, row.name)
			self.assertGreater(row.total_taxes_and_charges, 0, row.name)
			# ERPNext rounds net and VAT per line: the two may differ from the price by a kopeck.
			self.assertAlmostEqual(row.net_total + row.total_taxes_and_charges, row.grand_total, delta=0.011)
		# Per line: the VAT inside the price at the item's own rate (22 % or 10 %).
		invoice = frappe.get_doc("Sales Invoice", rows[0].name)
		expected = {}
		for line in invoice.items:
			rate = frappe.db.get_value("Item", line.item_code, "pharm_vat_rate")
			expected[rate] = expected.get(rate, 0) + line.amount * rate / (100 + rate)
		charged = {int(tax.description.split()[1].rstrip("%")): tax.tax_amount for tax in invoice.taxes}
		for rate, amount in expected.items():
			self.assertAlmostEqual(charged[rate], amount, delta=0.02)
