"""Shared records for the app's tests: a distribution centre and two pharmacies of the test company."""

import frappe

from pharmacy_ext.network.branches import BranchSpec, ensure_branch
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
