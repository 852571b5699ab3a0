"""Shared records for the app's tests: a distribution centre and two pharmacies of the test company."""

import frappe

from pharmacy_ext.network.branches import BranchSpec, branch_warehouse, ensure_branch
from pharmacy_ext.network.staff import StaffSpec, ensure_staff_member

TEST_BRANCHES = (
	BranchSpec("T-DC", "_Test Distribution Centre", kind="Distribution Centre"),
	BranchSpec("T01", "_Test Pharmacy 1", city="Москва", opening_hours="08:00-22:00"),
	BranchSpec("T02", "_Test Pharmacy 2", city="Химки", round_the_clock=True),
)


def test_company() -> str:
	return frappe.defaults.get_global_default("company")


def ensure_test_chain() -> list[str]:
	return [ensure_branch(spec, test_company()) for spec in TEST_BRANCHES]


TEST_PASSWORD = "Test-Pharmacy-2026"
TEST_STAFF = (
	StaffSpec("t01.pharmacist@pharmacy.test", "Анна", "Смирнова", "pharmacist", "_Test Pharmacy 1"),
	StaffSpec("t01.head@pharmacy.test", "Ольга", "Кузнецова", "senior_pharmacist", "_Test Pharmacy 1"),
	StaffSpec("t02.pharmacist@pharmacy.test", "Мария", "Попова", "pharmacist", "_Test Pharmacy 2"),
	StaffSpec("director@pharmacy.test", "Игорь", "Волков", "director", None, gender="Male"),
)


def ensure_test_staff() -> dict[str, str]:
	"""Users (password TEST_PASSWORD) and employees for the test chain; returns {email: employee}."""
	ensure_test_chain()
	staff = {s.email: ensure_staff_member(s, test_company(), TEST_PASSWORD) for s in TEST_STAFF}
	frappe.db.commit()
	return staff


def ensure_test_item(code: str, **fields) -> str:
	"""A stock item for tests (created once); `fields` adds pharmacy facts such as pharm_inn."""
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 1}, "name"),
				"stock_uom": frappe.db.get_single_value("Stock Settings", "stock_uom"),
				"is_stock_item": 1,
				**fields,
			}
		).insert(ignore_permissions=True)
	return code


def receive_test_stock(item_code: str, branch: str, qty: float, remark: str, rate: float = 100) -> str:
	"""A submitted Material Receipt into the branch, found again by its remark so later runs add nothing."""
	existing = frappe.db.get_value("Stock Entry", {"remarks": remark, "docstatus": 1}, "name")
	if existing:
		return existing
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"company": test_company(),
			"remarks": remark,
			"items": [
				{
					"item_code": item_code,
					"qty": qty,
					"t_warehouse": branch_warehouse(branch),
					"basic_rate": rate,
					"cost_center": frappe.db.get_value("Branch", branch, "pharm_cost_center"),
				}
			],
		}
	).insert(ignore_permissions=True)
	entry.submit()
	return entry.name
