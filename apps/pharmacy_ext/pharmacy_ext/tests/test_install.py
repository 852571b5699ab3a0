import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.install import after_install
from pharmacy_ext.setup.custom_fields import CUSTOM_FIELDS
from pharmacy_ext.setup.roles import (
	BRANCH_STAFF_BLOCKED_MODULES,
	BRANCH_STAFF_MODULE_PROFILE,
	JOBS,
	PHARMACY_ROLES,
	UPSTREAM_PERMISSIONS,
)


def custom_field_targets():
	for doctypes, fields in CUSTOM_FIELDS.items():
		for doctype in (doctypes,) if isinstance(doctypes, str) else doctypes:
			for field in fields:
				yield doctype, field["fieldname"]


class TestInstall(FrappeTestCase):
	def test_roles_and_role_profiles_exist(self):
		for role, standard_roles, _bound in JOBS.values():
			self.assertTrue(frappe.db.exists("Role", role), role)
			profile_roles = {r.role for r in frappe.get_doc("Role Profile", role).roles}
			self.assertIn(role, profile_roles)
			self.assertTrue(set(standard_roles) <= profile_roles, f"{role}: {profile_roles}")

	def test_branch_staff_module_profile_hides_unused_modules(self):
		blocked = {
			m.module for m in frappe.get_doc("Module Profile", BRANCH_STAFF_MODULE_PROFILE).block_modules
		}
		self.assertIn("Manufacturing", blocked)
		self.assertTrue(blocked <= set(BRANCH_STAFF_BLOCKED_MODULES))
		self.assertNotIn("Stock", blocked)
		self.assertNotIn("Selling", blocked)

	def test_custom_fields_exist(self):
		targets = list(custom_field_targets())
		self.assertGreater(len(targets), 40)
		for doctype, fieldname in targets:
			self.assertTrue(frappe.get_meta(doctype).has_field(fieldname), f"{doctype}.{fieldname}")

	def test_upstream_permissions_granted(self):
		for doctype, roles in UPSTREAM_PERMISSIONS.items():
			for role, rights in roles.items():
				perm = frappe.db.get_value(
					"Custom DocPerm",
					{"parent": doctype, "role": role, "permlevel": 0},
					list(rights),
					as_dict=True,
				)
				self.assertIsNotNone(perm, f"{role} on {doctype}")
				self.assertTrue(all(perm.values()), f"{role} on {doctype}: {perm}")

	def test_company_is_russian(self):
		company = frappe.defaults.get_global_default("company")
		self.assertEqual(frappe.db.get_value("Company", company, "default_currency"), "RUB")
		self.assertEqual(frappe.db.get_value("Company", company, "country"), "Russian Federation")
		self.assertEqual(frappe.db.get_single_value("System Settings", "language"), "ru")
		self.assertEqual(frappe.db.get_single_value("System Settings", "time_zone"), "Europe/Moscow")

	def test_install_hooks_are_idempotent(self):
		def counts():
			return {
				dt: frappe.db.count(dt, filters)
				for dt, filters in (
					("Custom Field", {"fieldname": ["like", "pharm_%"]}),
					("Role", {"name": ["in", PHARMACY_ROLES]}),
					("Role Profile", {"name": ["in", PHARMACY_ROLES]}),
					("Custom DocPerm", {"role": ["in", PHARMACY_ROLES]}),
					("Has Role", {"parenttype": "Role Profile", "parent": ["in", PHARMACY_ROLES]}),
				)
			}

		before = counts()
		after_install()
		after_install()
		self.assertEqual(counts(), before)

	def test_workspace_shows_charts_and_number_cards(self):
		workspace = frappe.get_doc("Workspace", "Pharmacy")
		charts = {c.chart_name for c in workspace.charts}
		cards = {c.number_card_name for c in workspace.number_cards}
		self.assertEqual(charts, {"Pharmacy Daily Sales", "Sales by Pharmacy"})
		self.assertEqual(cards, {"Pharmacy Sales This Month", "Receipts This Month", "Customers in Base"})
		for chart in charts:
			self.assertTrue(frappe.db.exists("Dashboard Chart", chart))
		for card in cards:
			self.assertTrue(frappe.db.exists("Number Card", card))

	def test_workspace_in_russian(self):
		self.assertTrue(frappe.db.exists("Workspace", "Pharmacy"))
		frappe.local.lang = "ru"
		try:
			from frappe.translate import get_all_translations

			translations = get_all_translations("ru")
			self.assertEqual(translations.get("Pharmacy"), "Аптека")
			self.assertEqual(translations.get("Pharmacist"), "Фармацевт")
		finally:
			frappe.local.lang = "en"
