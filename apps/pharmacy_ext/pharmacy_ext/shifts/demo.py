"""Demo: shift patterns, a schedule for the closed month and the anchor's month, check-ins for the closed
month (some late stays, so there is overtime), swap requests in every state and the closed overtime period.

Deterministic (one random stream per employee and day from the seed) and idempotent (everything is found
again before it is created). At small scales only the first pharmacy gets schedules.
"""

import random
from datetime import date, datetime, timedelta

import frappe
from frappe.utils import add_months, get_first_day, get_last_day, getdate, today

from pharmacy_ext.shifts import production_calendar, schedule
from pharmacy_ext.shifts.employee_hours import assignment_interval
from pharmacy_ext.shifts.salary_setup import ensure_salary

# Shift type of the plan's job -> (pattern name, days of the cycle: shift type or None)
PATTERNS = {
	"2/2 08-20": ("2/2 дневные 08-20", ["2/2 08-20", "2/2 08-20", None, None], False),
	"Дневная 08-20": ("2/2 круглосуточная, день", ["Дневная 08-20", "Дневная 08-20", None, None], False),
	"Ночная 20-08": ("2/2 круглосуточная, ночь", ["Ночная 20-08", "Ночная 20-08", None, None], False),
	"5/2 09-18": ("5/2 офис 09-18", ["5/2 09-18"] * 5 + [None, None], True),
}
PATTERN_ANCHOR = date(2026, 1, 5)  # a Monday: the 5/2 cycle starts on Mondays
BASE_SALARY = {
	"senior_pharmacist": 95000,
	"pharmacist": 68000,
	"warehouse_keeper": 58000,
	"operator": 52000,
}
OTHER_SALARY = 85000
DEMO_REASON = "Демо: "


def load(loader):
	settings = frappe.get_single("Shift Settings")
	if settings.accounting_period != "Month":
		settings.update({"accounting_period": "Month", "min_rest_between_shifts": 12, "weekly_rest": 42})
		settings.save(ignore_permissions=True)
	closed_from = getdate(get_first_day(add_months(loader.anchor, -1)))
	closed_to = getdate(get_last_day(closed_from))
	open_to = getdate(get_last_day(add_months(loader.anchor, 1)))
	for year in sorted({closed_from.year, open_to.year}):
		production_calendar.ensure_calendar(year)
	patterns = ensure_patterns()
	branches = pharmacies(loader)
	employees = assign_patterns(loader, patterns, branches, closed_from)
	for branch in branches:
		if not frappe.db.exists("Staffing Rule", branch):
			frappe.get_doc(
				{"doctype": "Staffing Rule", "branch": branch, "min_staff": 1, "rx_pharmacist_required": 1}
			).insert(ignore_permissions=True)
		schedule.generate_for_branch(branch, closed_from, open_to)
	frappe.db.commit()
	make_checkins(loader, employees, closed_from, min(closed_to, getdate(loader.anchor) - timedelta(days=1)))
	make_swap_requests(loader, branches[0])
	close_period(loader.company, closed_from, closed_to)
	frappe.db.commit()


def ensure_patterns() -> dict[str, str]:
	for shift_type, (name, days, office) in PATTERNS.items():
		if frappe.db.get_value("Shift Type", shift_type, "pharm_unpaid_break") == 0:
			# a one-hour meal break in every demo shift (art. 108): 12-hour shifts pay 11 hours
			frappe.db.set_value("Shift Type", shift_type, "pharm_unpaid_break", 60)
		if frappe.db.exists("Shift Pattern", name) or not frappe.db.exists("Shift Type", shift_type):
			continue
		frappe.get_doc(
			{
				"doctype": "Shift Pattern",
				"pattern_name": name,
				"anchor_date": PATTERN_ANCHOR,
				"follows_production_calendar": int(office),
				"days": [{"shift_type": day} for day in days],
			}
		).insert(ignore_permissions=True)
	return {shift_type: name for shift_type, (name, _days, _office) in PATTERNS.items()}


def pharmacies(loader) -> list[str]:
	codes = sorted(code for code in loader.branch_by_code if code.startswith("A"))
	if loader.scale < 1:
		codes = codes[:1]
	return [loader.branch_by_code[code] for code in codes]


def assign_patterns(loader, patterns: dict, branches: list[str], salary_from: date) -> list[str]:
	"""Pattern, offset and salary of each shift worker of the branches; returns their Employee names."""
	names, position = [], {}
	for planned in loader.plan.employees:
		employee = frappe.db.get_value(
			"Employee", {"user_id": planned["user"]}, ["name", "branch", "date_of_joining"], as_dict=True
		)
		if not employee or employee.branch not in branches:
			continue
		pattern = patterns.get(planned.get("shift_type"))
		key = (employee.branch, pattern)
		offset = 2 * (position.get(key, 0) % 2)  # half the team on, half off
		position[key] = position.get(key, 0) + 1
		frappe.db.set_value(
			"Employee", employee.name, {"pharm_shift_pattern": pattern, "pharm_pattern_offset": offset}
		)
		base = BASE_SALARY.get(planned["job"], OTHER_SALARY)
		ensure_salary(employee.name, base, max(salary_from, getdate(employee.date_of_joining)))
		names.append(employee.name)
	return names


def make_checkins(loader, employees: list[str], from_date: date, to_date: date):
	"""Arrive a few minutes early or late, leave a little after the end; now and then stay 2-3 hours."""
	if to_date < from_date:
		return
	for name in employees:
		if frappe.db.exists(
			"Employee Checkin", {"employee": name, "time": ["between", [from_date, to_date]]}
		):
			continue
		for row in frappe.get_all(
			"Shift Assignment",
			filters={"employee": name, "docstatus": 1, "start_date": ["between", [from_date, to_date]]},
			fields=["shift_type", "start_date"],
			order_by="start_date",
		):
			rng = random.Random(f"{loader.seed}-checkin-{name}-{row.start_date}")
			start, end = assignment_interval(row.shift_type, row.start_date)
			stay = timedelta(hours=rng.choice((2, 3))) if rng.random() < 0.12 else timedelta()
			checkin(name, start + timedelta(minutes=rng.randint(-12, 6)), "IN")
			checkin(name, end + stay + timedelta(minutes=rng.randint(0, 25)), "OUT")


def checkin(employee: str, moment: datetime, log_type: str):
	frappe.get_doc(
		{"doctype": "Employee Checkin", "employee": employee, "time": moment, "log_type": log_type}
	).insert(ignore_permissions=True)


def make_swap_requests(loader, branch: str):
	"""Six requests at the first pharmacy, one in each state; the approved one passes every check."""
	if frappe.db.exists("Shift Swap Request", {"reason": ["like", f"{DEMO_REASON}%"]}):
		return
	first_day = max(getdate(loader.anchor), getdate(today())) + timedelta(days=1)
	shifts = frappe.get_all(
		"Shift Assignment",
		filters={"pharm_branch": branch, "docstatus": 1, "start_date": [">=", first_day]},
		fields=["name", "employee", "start_date"],
		order_by="start_date, name",
	)
	pharmacists = set(
		frappe.get_all("Employee", filters={"branch": branch, "designation": "Фармацевт"}, pluck="name")
	)
	shifts = [s for s in shifts if s.employee in pharmacists]
	candidates = [
		(a, b)
		for i, a in enumerate(shifts)
		for b in shifts[i + 1 : i + 12]
		if a.employee != b.employee and b.start_date != a.start_date
	]
	used, plan = set(), ["Approved", "Accepted", "Proposed", "Declined", "Rejected", "Cancelled"]
	for state in plan:
		for a, b in candidates:
			if {a.name, b.name} & used:
				continue
			request = new_request(a, b, state)
			if state == "Approved" and not request.checks_passed:
				frappe.delete_doc("Shift Swap Request", request.name, ignore_permissions=True, force=True)
				continue
			advance(request, state)
			used |= {a.name, b.name}
			break


def new_request(a, b, state: str):
	return frappe.get_doc(
		{
			"doctype": "Shift Swap Request",
			"swap_type": "Swap",
			"requester": a.employee,
			"requester_shift": a.name,
			"colleague": b.employee,
			"colleague_shift": b.name,
			"reason": DEMO_REASON
			+ {"Declined": "учёба", "Rejected": "личные дела"}.get(state, "семейные обстоятельства"),
		}
	).insert(ignore_permissions=True)


def advance(request, state: str):
	if state == "Cancelled":
		request.cancel_request()
	if state == "Declined":
		request.decline(comment="Не получится, у меня занятия")
	if state in ("Accepted", "Approved", "Rejected"):
		request.accept()
	if state == "Approved":
		request.approve(comment="Согласовано заведующей")
	if state == "Rejected":
		request.reject(comment="В этот день нужна опытная смена")


def close_period(company: str, from_date: date, to_date: date):
	if frappe.db.exists("Overtime Period", {"company": company, "from_date": from_date, "docstatus": 1}):
		return
	period = frappe.get_doc(
		{"doctype": "Overtime Period", "company": company, "from_date": from_date, "to_date": to_date}
	).insert(ignore_permissions=True)
	period.submit()
