"""Who covers each open hour of a pharmacy, and whether the Staffing Rule holds."""

from datetime import datetime, time, timedelta

import frappe
from frappe.utils import get_time, getdate

from pharmacy_ext.shifts.employee_hours import assignment_interval


def open_window(branch: str, rule) -> tuple[time, time]:
	"""Opening hours "08:00-20:00": the rule's own, else the branch's; round the clock when none is given."""
	round_the_clock, hours = frappe.db.get_value(
		"Branch", branch, ["pharm_round_the_clock", "pharm_opening_hours"]
	)
	hours = rule.opening_hours or ("" if round_the_clock else hours)
	if not hours or "-" not in hours:
		return time(0), time(0)
	start, end = (part.strip() for part in hours.split("-", 1))
	return get_time(start), time(0) if end.startswith("24") else get_time(end)


def hour_slots(day, window) -> list[tuple[datetime, datetime]]:
	start = datetime.combine(getdate(day), window[0])
	end = datetime.combine(getdate(day), window[1])
	if end <= start:
		end += timedelta(days=1)
	slots = []
	while start < end:
		slots.append((start, min(start + timedelta(hours=1), end)))
		start += timedelta(hours=1)
	return slots


def branch_shifts(branch: str, day) -> list[dict]:
	"""Shifts worked at the branch that may touch the day (starting that day or the evening before)."""
	day = getdate(day)
	rows = frappe.get_all(
		"Shift Assignment",
		filters={
			"pharm_branch": branch,
			"docstatus": 1,
			"status": "Active",
			"start_date": ["<=", day],
		},
		or_filters=[["end_date", ">=", day - timedelta(days=1)], ["end_date", "is", "not set"]],
		fields=["name", "employee", "shift_type", "start_date", "end_date"],
	)
	shifts = []
	for row in rows:
		for on in (day - timedelta(days=1), day):
			if getdate(row.start_date) <= on and (not row.end_date or getdate(row.end_date) >= on):
				start, end = assignment_interval(row.shift_type, on)
				shifts.append({"name": row.name, "employee": row.employee, "start": start, "end": end})
	return shifts


def coverage(shifts: list[dict], slots, qualified: set[str]) -> list[tuple[int, bool]]:
	"""(staff count, an Rx-qualified pharmacist present) for each slot."""
	result = []
	for slot_start, slot_end in slots:
		present = {s["employee"] for s in shifts if s["start"] <= slot_start and s["end"] >= slot_end}
		result.append((len(present), bool(present & qualified)))
	return result


def qualified_employees(employees) -> set[str]:
	return set(
		frappe.get_all(
			"Employee", filters={"name": ["in", list(employees)], "pharm_qualified_rx": 1}, pluck="name"
		)
	)


def staffing_rule(branch: str):
	"""The branch's Staffing Rule (min staff, Rx pharmacist required, opening hours), or None."""
	return frappe.db.get_value(
		"Staffing Rule",
		{"branch": branch},
		["min_staff", "rx_pharmacist_required", "opening_hours"],
		as_dict=True,
	)


def rule_gaps(branch: str, day) -> tuple[list, list]:
	"""Open hours of the day the schedule leaves short of staff, and those without an Rx pharmacist."""
	rule = staffing_rule(branch)
	if not rule:
		return [], []
	slots = hour_slots(day, open_window(branch, rule))
	shifts = branch_shifts(branch, day)
	counts = coverage(shifts, slots, qualified_employees({s["employee"] for s in shifts}))
	short = [slot for slot, (staff, _rx) in zip(slots, counts, strict=True) if staff < rule.min_staff]
	no_rx = [
		slot
		for slot, (_staff, rx) in zip(slots, counts, strict=True)
		if rule.rx_pharmacist_required and not rx
	]
	return short, no_rx
