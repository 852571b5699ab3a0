"""Branch isolation over real HTTP: a pharmacist sees only their branch in lists, documents and reports."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from pharmacy_ext.network.branches import branch_warehouse
from pharmacy_ext.tests.fixtures import (
	ensure_test_item,
	ensure_test_staff,
	receive_test_stock,
	test_company,
)
from pharmacy_ext.tests.live_server import api_session, base_url

T01, T02 = "_Test Pharmacy 1", "_Test Pharmacy 2"
PHARMACIST_T01 = "t01.pharmacist@pharmacy.test"
DIRECTOR = "director@pharmacy.test"
ITEM = "_Test Pharmacy Stock Item"


def ensure_stock_item() -> str:
	return ensure_test_item(ITEM, valuation_rate=100)


def receive_stock(branch: str, qty: float) -> str:
	return receive_test_stock(ensure_stock_item(), branch, qty, f"pharmacy_ext branch access test: {branch}")


def legacy_line(branch: str, receipt_no: str) -> int:
	existing = frappe.db.get_value("Legacy Sales Line", {"receipt_no": receipt_no}, "name")
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Legacy Sales Line",
			"receipt_no": receipt_no,
			"posting_date": add_days(today(), -200),
			"branch": branch,
			"item_code": ensure_stock_item(),
			"qty": 1,
			"amount": 150,
			"source": "test",
		}
	).insert(ignore_permissions=True)
	return doc.name


class TestBranchAccess(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_test_staff()
		cls.entry_t01 = receive_stock(T01, 5)
		cls.entry_t02 = receive_stock(T02, 7)
		cls.line_t01 = legacy_line(T01, "TEST-T01")
		cls.line_t02 = legacy_line(T02, "TEST-T02")
		# The server is another process: it sees only committed data.
		frappe.db.commit()
		cls.url = base_url()
		cls.pharmacist = api_session(PHARMACIST_T01)
		cls.director = api_session(DIRECTOR)

	def list_names(self, session, doctype: str, fields=("name",), filters=None) -> list[dict]:
		response = session.get(
			f"{self.url}/api/resource/{doctype}",
			params={
				"fields": json.dumps(list(fields)),
				"filters": json.dumps(filters or {}),
				"limit_page_length": 0,
			},
			timeout=30,
		)
		self.assertEqual(response.status_code, 200, response.text[:500])
		return response.json()["data"]

	def test_user_permissions_follow_employee_branch(self):
		perms = frappe.get_all(
			"User Permission",
			filters={"user": PHARMACIST_T01},
			fields=["allow", "for_value", "applicable_for", "apply_to_all_doctypes"],
		)
		everywhere = {(p.allow, p.for_value) for p in perms if p.apply_to_all_doctypes}
		self.assertIn(("Branch", T01), everywhere)
		self.assertIn(("Warehouse", branch_warehouse(T01)), everywhere)
		self.assertNotIn(("Branch", T02), everywhere)
		supply = {(p.for_value, p.applicable_for) for p in perms if not p.apply_to_all_doctypes}
		self.assertIn((branch_warehouse("_Test Distribution Centre"), "Stock Entry"), supply)
		self.assertFalse(frappe.get_all("User Permission", filters={"user": DIRECTOR}))

	def test_branch_staff_land_on_the_pharmacy_workspace(self):
		pharmacist = frappe.db.get_value(
			"User", PHARMACIST_T01, ["module_profile", "default_workspace", "language"], as_dict=True
		)
		self.assertEqual(pharmacist.module_profile, "Pharmacy Branch Staff")
		self.assertEqual(pharmacist.default_workspace, "Pharmacy")
		self.assertEqual(pharmacist.language, "ru")
		blocked = set(frappe.get_all("Block Module", filters={"parent": PHARMACIST_T01}, pluck="module"))
		self.assertIn("Manufacturing", blocked)
		self.assertFalse(frappe.db.get_value("User", DIRECTOR, "module_profile"))

	def test_stock_documents_are_stamped_with_branch(self):
		self.assertEqual(frappe.db.get_value("Stock Entry", self.entry_t01, "pharm_branch"), T01)
		self.assertEqual(frappe.db.get_value("Stock Entry", self.entry_t02, "pharm_branch"), T02)

	def test_pharmacist_lists_only_own_branch(self):
		warehouses = {w["name"] for w in self.list_names(self.pharmacist, "Warehouse")}
		self.assertEqual(warehouses, {branch_warehouse(T01)})

		lines = self.list_names(self.pharmacist, "Legacy Sales Line", ("name", "branch"))
		self.assertIn(self.line_t01, {int(x["name"]) for x in lines})
		self.assertEqual({x["branch"] for x in lines}, {T01})

		entries = {e["name"] for e in self.list_names(self.pharmacist, "Stock Entry")}
		self.assertIn(self.entry_t01, entries)
		self.assertNotIn(self.entry_t02, entries)

		bins = self.list_names(self.pharmacist, "Bin", ("warehouse",))
		self.assertEqual({b["warehouse"] for b in bins}, {branch_warehouse(T01)})

		# Office staff (no branch) are chain-wide colleagues; other pharmacies' staff are not visible.
		employees = {e["branch"] for e in self.list_names(self.pharmacist, "Employee", ("branch",))}
		self.assertIn(T01, employees)
		self.assertEqual(employees - {None}, {T01})

	def test_pharmacist_cannot_open_other_branch_document(self):
		own = self.pharmacist.get(f"{self.url}/api/resource/Stock Entry/{self.entry_t01}", timeout=30)
		self.assertEqual(own.status_code, 200)
		other = self.pharmacist.get(f"{self.url}/api/resource/Stock Entry/{self.entry_t02}", timeout=30)
		self.assertEqual(other.status_code, 403)
		other_line = self.pharmacist.get(
			f"{self.url}/api/resource/Legacy Sales Line/{self.line_t02}", timeout=30
		)
		self.assertEqual(other_line.status_code, 403)

	def test_pharmacist_opens_chain_wide_item_cards(self):
		# Item defaults name the distribution centre's warehouse, which branch staff may not see elsewhere.
		item = frappe.get_doc("Item", ITEM)
		item.set("item_defaults", [])
		dc_warehouse = frappe.db.get_value("Branch", "_Test Distribution Centre", "pharm_warehouse")
		item.append("item_defaults", {"company": test_company(), "default_warehouse": dc_warehouse})
		item.save()
		frappe.db.commit()
		response = self.pharmacist.get(f"{self.url}/api/resource/Item/{ITEM}", timeout=30)
		self.assertEqual(response.status_code, 200, response.text[:300])
		self.assertEqual(response.json()["data"]["item_defaults"][0]["default_warehouse"], dc_warehouse)

	def test_reports_are_limited_to_own_branch(self):
		since = frappe.db.get_value("Stock Entry", self.entry_t01, "posting_date")
		filters = {"company": test_company(), "from_date": str(since), "to_date": today()}
		response = self.pharmacist.get(
			f"{self.url}/api/method/frappe.desk.query_report.run",
			params={"report_name": "Stock Ledger", "filters": json.dumps(filters)},
			timeout=60,
		)
		self.assertEqual(response.status_code, 200, response.text[:500])
		rows = [r for r in response.json()["message"]["result"] if isinstance(r, dict) and r.get("warehouse")]
		self.assertTrue(rows)
		self.assertEqual({r["warehouse"] for r in rows}, {branch_warehouse(T01)})

	def test_director_sees_every_branch(self):
		branches = {x["branch"] for x in self.list_names(self.director, "Legacy Sales Line", ("branch",))}
		self.assertTrue({T01, T02} <= branches)
		other = self.director.get(f"{self.url}/api/resource/Stock Entry/{self.entry_t02}", timeout=30)
		self.assertEqual(other.status_code, 200)

	def test_moving_employee_moves_access(self):
		employee = frappe.get_doc("Employee", {"user_id": "t02.pharmacist@pharmacy.test"})
		employee.branch = T01
		employee.save(ignore_permissions=True)
		branches = frappe.get_all(
			"User Permission", filters={"user": employee.user_id, "allow": "Branch"}, pluck="for_value"
		)
		self.assertEqual(branches, [T01])
		employee.branch = T02
		employee.save(ignore_permissions=True)
		branches = frappe.get_all(
			"User Permission", filters={"user": employee.user_id, "allow": "Branch"}, pluck="for_value"
		)
		self.assertEqual(branches, [T02])
