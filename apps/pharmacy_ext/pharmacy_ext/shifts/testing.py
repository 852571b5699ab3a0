"""Records the Shifts tests share: a pharmacy of their own, its staff, shift types and a 2035 calendar."""

from datetime import date

import frappe

from pharmacy_ext.network.branches import BranchSpec, ensure_branch
from pharmacy_ext.network.staff import StaffSpec, ensure_staff_member
from pharmacy_ext.shifts import production_calendar
from pharmacy_ext.tests.fixtures import TEST_PASSWORD, test_company

BRANCH = BranchSpec("T-SH", "_Test Shift Pharmacy", city="Москва", opening_hours="08:00-20:00")
DAY, NIGHT, MORNING = "_Test Day 08-20", "_Test Night 20-08", "_Test Morning 08-14"
OFFICE_DAY = "_Test Office 09-18"
# name -> (start, end, unpaid break in minutes)
SHIFT_TYPES = {
	DAY: ("08:00:00", "20:00:00", 0),
	NIGHT: ("20:00:00", "08:00:00", 0),
	MORNING: ("08:00:00", "14:00:00", 0),
	OFFICE_DAY: ("09:00:00", "18:00:00", 60),
}
STAFF = {
	"head": StaffSpec(
		"sh.head@pharmacy.test", "Елена", "Зайцева", "senior_pharmacist", BRANCH.name, qualified_rx=True
	),
	"anna": StaffSpec(
		"sh.anna@pharmacy.test", "Анна", "Белова", "pharmacist", BRANCH.name, qualified_rx=True
	),
	"boris": StaffSpec(
		"sh.boris@pharmacy.test",
		"Борис",
		"Котов",
		"pharmacist",
		BRANCH.name,
		gender="Male",
		qualified_rx=True,
	),
	"vera": StaffSpec("sh.vera@pharmacy.test", "Вера", "Титова", "pharmacist", BRANCH.name),
	"dina": StaffSpec("sh.dina@pharmacy.test", "Дина", "Егорова", "pharmacist", BRANCH.name),
	"gleb": StaffSpec(
		"sh.gleb@pharmacy.test", "Глеб", "Фомин", "warehouse_keeper", BRANCH.name, gender="Male"
	),
	"olga": StaffSpec(
		"sh.olga@pharmacy.test", "Ольга", "Миронова", "pharmacist", BRANCH.name, qualified_rx=True
	),
}
TEST_YEAR = 2035
# The test year's exceptions: a public holiday on Thursday 8 March and the shortened day before it.
TEST_CALENDAR_DAYS = [
	{"date": "2035-03-07", "day_type": "Shortened Day", "description": "Test pre-holiday day"},
	{"date": "2035-03-08", "day_type": "Public Holiday", "description": "Test public holiday"},
]


def ensure_shift_fixtures() -> dict[str, str]:
	"""{key: employee} of the test pharmacy; also its shift types, staffing rule and calendar."""
	branch = ensure_branch(BRANCH, test_company())
	for name, (start, end, pause) in SHIFT_TYPES.items():
		if not frappe.db.exists("Shift Type", name):
			frappe.get_doc(
				{
					"doctype": "Shift Type",
					"name": name,
					"start_time": start,
					"end_time": end,
					"pharm_unpaid_break": pause,
				}
			).insert(ignore_permissions=True, set_name=name)
	staff = {key: ensure_staff_member(spec, test_company(), TEST_PASSWORD) for key, spec in STAFF.items()}
	if not frappe.db.exists("Staffing Rule", branch):
		frappe.get_doc(
			{"doctype": "Staffing Rule", "branch": branch, "min_staff": 2, "rx_pharmacist_required": 1}
		).insert(ignore_permissions=True)
	ensure_test_calendar()
	frappe.db.commit()
	return staff


def ensure_test_calendar():
	if not frappe.db.exists("Production Calendar", str(TEST_YEAR)):
		frappe.get_doc(
			{"doctype": "Production Calendar", "year": TEST_YEAR, "days": TEST_CALENDAR_DAYS}
		).insert(ignore_permissions=True)
	production_calendar.clear_cache()


def set_min_staff(count: int):
	frappe.db.set_value("Staffing Rule", BRANCH.name, "min_staff", count)


def clear_shifts(employees, from_date: date, to_date: date):
	"""Cancels the employees' assignments in the window so each test starts from an empty schedule."""
	for name in frappe.get_all(
		"Shift Assignment",
		filters={
			"employee": ["in", list(employees)],
			"docstatus": 1,
			"start_date": ["between", [from_date, to_date]],
		},
		pluck="name",
	):
		doc = frappe.get_doc("Shift Assignment", name)
		doc.flags.ignore_permissions = True
		doc.cancel()


def assign(employee: str, day: date, shift_type: str = DAY, rx_duty: bool = False) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Shift Assignment",
			"employee": employee,
			"company": test_company(),
			"shift_type": shift_type,
			"start_date": day,
			"end_date": day,
			"pharm_branch": BRANCH.name,
			"pharm_rx_duty": int(rx_duty),
		}
	)
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc.name


E2E_DAY = date(2035, 12, 27)


def make_e2e_swap() -> str:
	"""For the browser test: a give-away Anna proposed to Boris on a day the head also works."""
	staff = ensure_shift_fixtures()
	for name in frappe.get_all(
		"Shift Swap Request",
		filters={"requester_date": E2E_DAY, "status": ["in", ["Proposed", "Accepted"]]},
		pluck="name",
	):
		frappe.db.set_value("Shift Swap Request", name, "status", "Cancelled")
	clear_shifts(staff.values(), E2E_DAY, E2E_DAY)
	shift = assign(staff["anna"], E2E_DAY)
	assign(staff["head"], E2E_DAY)
	frappe.set_user(STAFF["anna"].email)
	frappe.local.lang = "ru"  # as in Anna's own session
	try:
		request = frappe.get_doc(
			{
				"doctype": "Shift Swap Request",
				"swap_type": "Give Away",
				"requester": staff["anna"],
				"requester_shift": shift,
				"colleague": staff["boris"],
				"reason": "Запись к врачу",
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	return request.name
