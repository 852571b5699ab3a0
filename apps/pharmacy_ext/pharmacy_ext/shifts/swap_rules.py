"""Checks a Shift Swap Request must pass before anyone approves it; each gives its reason.

A swap is a list of moves: (Shift Assignment, from employee, to employee). Every rule compares the schedule
after the moves with the schedule before them.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import pairwise

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, format_datetime, getdate

from pharmacy_ext.shifts import employee_hours, staffing
from pharmacy_ext.shifts.settings import accounting_period, get_settings
from pharmacy_ext.shifts.worktime import period_hours, period_pay

RULES = (
	"Qualification",
	"No overlapping shifts",
	"Minimum staffing",
	"Prescription pharmacist coverage",
	"Rest between shifts",
	"Weekly uninterrupted rest",
	"Hour balance and overtime",
)
# Jobs that are not interchangeable: a shift of one is covered only by someone who has the same role.
SHIFT_ROLES = ("Pharmacist", "Warehouse Keeper", "Contact Centre Operator")


@dataclass
class Move:
	assignment: str
	shift_type: str
	day: object
	branch: str
	rx_duty: bool
	giver: str
	receiver: str

	@property
	def interval(self):
		return employee_hours.assignment_interval(self.shift_type, self.day)


@dataclass
class Check:
	rule: str  # one of RULES, stored untranslated: a Select option the form shows in the reader's language
	passed: bool
	details: str


def moves_of(request) -> list[Move]:
	pairs = [(request.requester_shift, request.requester, request.colleague)]
	if request.swap_type == "Swap":
		pairs.append((request.colleague_shift, request.colleague, request.requester))
	moves = []
	for name, giver, receiver in pairs:
		row = frappe.db.get_value(
			"Shift Assignment",
			name,
			["shift_type", "start_date", "pharm_branch", "pharm_rx_duty", "employee"],
			as_dict=True,
		)
		moves.append(
			Move(
				name,
				row.shift_type,
				getdate(row.start_date),
				row.pharm_branch,
				bool(row.pharm_rx_duty),
				giver,
				receiver,
			)
		)
	return moves


def evaluate(request) -> tuple[list[Check], float]:
	"""All checks, and the change of forecast overtime pay of both employees (roubles)."""
	moves = moves_of(request)
	settings = get_settings()
	checks = [
		check_qualification(moves),
		check_double_booking(moves),
		*check_staffing(moves),
		check_rest_between_shifts(moves, settings["min_rest"]),
		check_weekly_rest(moves, settings["weekly_rest"]),
	]
	balance, cost = hour_balance(request, moves)
	checks.append(balance)
	return checks, cost


def employee_label(employee: str) -> str:
	return frappe.db.get_value("Employee", employee, "employee_name") or employee


def shift_label(move: Move) -> str:
	return f"{move.shift_type} {frappe.format(move.day, 'Date')}"


def check_qualification(moves) -> Check:
	problems = []
	for move in moves:
		giver_roles = roles_of(move.giver) & set(SHIFT_ROLES)
		missing = giver_roles - roles_of(move.receiver)
		if missing:
			problems.append(
				_("{0} does not hold the role {1} needed for the shift {2}").format(
					employee_label(move.receiver), ", ".join(_(r) for r in sorted(missing)), shift_label(move)
				)
			)
		if move.rx_duty and not frappe.db.get_value("Employee", move.receiver, "pharm_qualified_rx"):
			problems.append(
				_("{0} is not qualified for prescription dispensing, which the shift {1} requires").format(
					employee_label(move.receiver), shift_label(move)
				)
			)
	return Check(
		"Qualification", not problems, "\n".join(problems) or _("Both employees may work these shifts")
	)


def roles_of(employee: str) -> set[str]:
	user = frappe.db.get_value("Employee", employee, "user_id")
	return set(frappe.get_roles(user)) if user else set()


def schedule(employee: str, from_day, to_day, moves, after: bool) -> list[tuple]:
	"""(start, end, assignment) of the employee's shifts in the window, before or after the moves."""
	moved = {m.assignment for m in moves}
	rows = employee_hours.planned_assignments([employee], from_day, to_day)
	result = [
		(*employee_hours.assignment_interval(r["shift_type"], r["date"]), r["name"])
		for r in rows
		if not (after and r["name"] in moved)
	]
	if after:
		result += [(*m.interval, m.assignment) for m in moves if m.receiver == employee]
	return sorted(result)


def paid_schedule(employee: str, from_day, to_day, moves, after: bool) -> list[tuple]:
	"""(start, end, unpaid break) of the employee's shifts, before or after the moves, for the hour balance."""
	moved = {m.assignment for m in moves}
	rows = [
		(r["shift_type"], r["date"])
		for r in employee_hours.planned_assignments([employee], from_day, to_day)
		if not (after and r["name"] in moved)
	]
	if after:
		rows += [(m.shift_type, m.day) for m in moves if m.receiver == employee]
	return sorted(employee_hours.paid_interval(shift_type, day) for shift_type, day in rows)


def check_double_booking(moves) -> Check:
	problems = []
	for move in moves:
		start, end = move.interval
		for other_start, other_end, name in schedule(
			move.receiver, move.day - timedelta(days=1), move.day + timedelta(days=1), moves, True
		):
			if name != move.assignment and other_start < end and other_end > start:
				problems.append(
					_("{0} already works {1} - {2}").format(
						employee_label(move.receiver),
						format_datetime(other_start),
						format_datetime(other_end),
					)
				)
	return Check("No overlapping shifts", not problems, "\n".join(problems) or _("No overlaps"))


def check_staffing(moves) -> list[Check]:
	staff_problems, rx_problems = [], []
	days = {(m.branch, m.day + timedelta(days=k)) for m in moves if m.branch for k in (0, 1)}
	for branch, day in sorted(days):
		rule = staffing.staffing_rule(branch)
		if not rule:
			continue
		slots = staffing.hour_slots(day, staffing.open_window(branch, rule))
		before_shifts = staffing.branch_shifts(branch, day)
		receivers = {m.assignment: m.receiver for m in moves}
		after_shifts = [{**s, "employee": receivers.get(s["name"], s["employee"])} for s in before_shifts]
		qualified = staffing.qualified_employees({s["employee"] for s in before_shifts + after_shifts})
		before = staffing.coverage(before_shifts, slots, qualified)
		after = staffing.coverage(after_shifts, slots, qualified)
		short = [
			slot for slot, b, a in zip(slots, before, after, strict=True) if a[0] < rule.min_staff <= b[0]
		]
		no_rx = [
			slot
			for slot, b, a in zip(slots, before, after, strict=True)
			if rule.rx_pharmacist_required and b[1] and not a[1]
		]
		if short:
			staff_problems.append(
				_("{0}: fewer than {1} staff at {2}").format(branch, rule.min_staff, hours_text(short))
			)
		if no_rx:
			rx_problems.append(
				_("{0}: no pharmacist qualified for prescription dispensing at {1}").format(
					branch, hours_text(no_rx)
				)
			)
	return [
		Check(
			"Minimum staffing",
			not staff_problems,
			"\n".join(staff_problems) or _("Every open hour stays staffed"),
		),
		Check(
			"Prescription pharmacist coverage",
			not rx_problems,
			"\n".join(rx_problems) or _("A qualified pharmacist stays on every open hour"),
		),
	]


def hours_text(slots) -> str:
	return ", ".join(f"{frappe.format(s.date(), 'Date')} {s:%H:%M}-{e:%H:%M}" for s, e in slots[:6]) + (
		" …" if len(slots) > 6 else ""
	)


def check_rest_between_shifts(moves, min_rest: float) -> Check:
	problems = []
	for move in moves:
		shifts = schedule(
			move.receiver, move.day - timedelta(days=3), move.day + timedelta(days=3), moves, True
		)
		for (_s1, e1, n1), (s2, _e2, n2) in pairwise(shifts):
			gap = (s2 - e1).total_seconds() / 3600
			if move.assignment in (n1, n2) and gap < min_rest:
				problems.append(
					_(
						"{0} would rest only {1} h between shifts ending {2} and starting {3} (minimum {4} h)"
					).format(
						employee_label(move.receiver),
						flt(gap, 1),
						format_datetime(e1),
						format_datetime(s2),
						min_rest,
					)
				)
	return Check("Rest between shifts", not problems, "\n".join(problems) or _("Rest between shifts holds"))


def longest_rest(shifts, week_start: datetime) -> float:
	week_end = week_start + timedelta(days=7)
	cursor, longest = week_start, 0.0
	for start, end, _name in shifts:
		if end <= week_start or start >= week_end:
			continue
		longest = max(longest, (max(start, week_start) - cursor).total_seconds() / 3600)
		cursor = max(cursor, min(end, week_end))
	return max(longest, (week_end - cursor).total_seconds() / 3600)


def check_weekly_rest(moves, weekly_rest: float) -> Check:
	problems = []
	for move in moves:
		monday = move.day - timedelta(days=move.day.weekday())
		shifts = schedule(move.receiver, monday - timedelta(days=1), monday + timedelta(days=7), moves, True)
		rest = longest_rest(shifts, datetime.combine(monday, time()))
		if rest < weekly_rest:
			problems.append(
				_(
					"{0} would have at most {1} h of uninterrupted rest in the week from {2} (minimum {3} h)"
				).format(
					employee_label(move.receiver), flt(rest, 1), frappe.format(monday, "Date"), weekly_rest
				)
			)
	return Check("Weekly uninterrupted rest", not problems, "\n".join(problems) or _("Weekly rest holds"))


def hour_balance(request, moves) -> tuple[Check, float]:
	"""Planned hours vs the period norm for both employees, and the forecast overtime pay change."""
	lines, cost = [], 0.0
	for employee in dict.fromkeys([request.requester, request.colleague]):
		days = [m.day for m in moves]
		first, last = accounting_period(min(days))
		try:
			norm = employee_hours.employee_norm(employee, first, last)
			rate, _source = employee_hours.hourly_rate(employee, first, last)
			results = [
				period_hours(paid_schedule(employee, first, last, moves, after), first, last, norm)
				for after in (False, True)
			]
		except frappe.ValidationError as error:
			lines.append(f"{employee_label(employee)}: {error}")
			continue
		pays = [period_pay(r, rate).total for r in results]
		cost += pays[1] - pays[0]
		lines.append(
			_(
				"{0}: {1} h planned of a {2} h norm ({3} to {4}), was {5} h; forecast overtime {6} h, extra pay {7} (change {8})"
			).format(
				employee_label(employee),
				flt(results[1].worked, 1),
				flt(norm, 1),
				frappe.format(first, "Date"),
				frappe.format(last, "Date"),
				flt(results[0].worked, 1),
				flt(results[1].overtime, 1),
				fmt_money(pays[1], currency="RUB"),
				fmt_money(pays[1] - pays[0], currency="RUB"),
			)
		)
	return Check("Hour balance and overtime", True, "\n".join(lines)), flt(cost, 2)
