"""Per-employee facts the rules and the period close need: schedule, worked time, norm and hourly rate."""

import calendar
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, getdate

from pharmacy_ext.shifts import production_calendar
from pharmacy_ext.shifts.worktime import shift_interval


def shift_times(shift_type: str) -> tuple[timedelta, timedelta, float]:
	"""Start, end and unpaid break (hours) of a shift type, cached for the request."""
	cache = frappe.local.cache.setdefault("pharm_shift_times", {})
	if shift_type not in cache:
		start, end, pause = frappe.db.get_value(
			"Shift Type", shift_type, ["start_time", "end_time", "pharm_unpaid_break"]
		)
		cache[shift_type] = (start, end, flt(pause) / 60)
	return cache[shift_type]


def assignment_interval(shift_type: str, day) -> tuple[datetime, datetime]:
	start, end, _pause = shift_times(shift_type)
	return shift_interval(day, start, end)


def break_hours(shift_type: str | None) -> float:
	return shift_times(shift_type)[2] if shift_type else 0.0


def paid_interval(shift_type: str, day) -> tuple[datetime, datetime, float]:
	"""The shift's interval with its unpaid break, as period_hours takes it."""
	return (*assignment_interval(shift_type, day), break_hours(shift_type))


def planned_assignments(employees: list[str], from_date, to_date) -> list[dict]:
	"""Active single-day or ranged Shift Assignments touching the range, one row per employee and day."""
	rows = frappe.get_all(
		"Shift Assignment",
		filters={
			"employee": ["in", employees],
			"docstatus": 1,
			"status": "Active",
			"start_date": ["<=", to_date],
		},
		or_filters=[["end_date", ">=", from_date], ["end_date", "is", "not set"]],
		fields=["name", "employee", "shift_type", "start_date", "end_date", "pharm_branch"],
	)
	result = []
	for row in rows:
		last = getdate(row.end_date) if row.end_date else getdate(to_date)
		if last < getdate(from_date):
			continue
		for day in production_calendar.dates(
			max(getdate(row.start_date), getdate(from_date)), min(last, getdate(to_date))
		):
			result.append({**row, "date": day})
	return result


def planned_intervals(employee: str, from_date, to_date) -> list[tuple[datetime, datetime, float]]:
	return sorted(
		paid_interval(row["shift_type"], row["date"])
		for row in planned_assignments([employee], from_date, to_date)
	)


def worked_intervals(employee: str, from_date, to_date) -> list[tuple[datetime, datetime, float]]:
	"""Check-in/out pairs (by log type when given, else alternating), plus attendance without check-ins;
	each with the unpaid break of its shift when it lasted more than 4 hours (art. 108)."""
	logs = frappe.get_all(
		"Employee Checkin",
		filters={
			"employee": employee,
			"time": [
				"between",
				[getdate(from_date) - timedelta(days=1), getdate(to_date) + timedelta(days=2)],
			],
		},
		fields=["time", "log_type", "shift"],
		order_by="time asc",
	)
	intervals, opened, shift = [], None, None
	for log in logs:
		moment = get_datetime(log.time)
		is_in = log.log_type == "IN" if log.log_type else opened is None
		if is_in:
			opened, shift = moment, log.shift
		elif opened is not None:
			long_enough = (moment - opened) > timedelta(hours=4)
			intervals.append((opened, moment, break_hours(shift) if long_enough else 0.0))
			opened = None
	covered = {interval[0].date() for interval in intervals}
	for att in frappe.get_all(
		"Attendance",
		filters={
			"employee": employee,
			"docstatus": 1,
			"status": ["in", ["Present", "Work From Home"]],
			"shift": ["is", "set"],
			"attendance_date": ["between", [from_date, to_date]],
		},
		fields=["attendance_date", "shift"],
	):
		if getdate(att.attendance_date) not in covered:
			intervals.append(paid_interval(att.shift, att.attendance_date))
	return sorted(intervals)


def employee_norm(employee: str, from_date, to_date) -> float:
	"""Calendar norm x employment rate, less the norm of days on approved leave."""
	rate = flt(frappe.db.get_value("Employee", employee, "pharm_employment_rate")) or 1.0
	leave_days = set()
	for leave in frappe.get_all(
		"Leave Application",
		filters={
			"employee": employee,
			"docstatus": 1,
			"status": "Approved",
			"from_date": ["<=", to_date],
			"to_date": [">=", from_date],
		},
		fields=["from_date", "to_date"],
	):
		leave_days.update(production_calendar.dates(leave.from_date, leave.to_date))
	norm = sum(
		production_calendar.day_norm(day)
		for day in production_calendar.dates(from_date, to_date)
		if day not in leave_days
	)
	return flt(norm * rate, 2)


def average_monthly_norm(from_date, to_date) -> float:
	months = sorted({(d.year, d.month) for d in production_calendar.dates(from_date, to_date)})
	total = sum(
		production_calendar.norm_hours(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))
		for y, m in months
	)
	return total / len(months)


def hourly_rate(employee: str, from_date, to_date) -> tuple[float, str]:
	"""Salary Structure Assignment base / average monthly norm of the period; else the employee's field."""
	base = frappe.db.get_value(
		"Salary Structure Assignment",
		{"employee": employee, "docstatus": 1, "from_date": ["<=", to_date]},
		"base",
		order_by="from_date desc",
	)
	if flt(base):
		norm = average_monthly_norm(from_date, to_date)
		employment = flt(frappe.db.get_value("Employee", employee, "pharm_employment_rate")) or 1.0
		return flt(flt(base) / (norm * employment), 2), _("Salary Structure Assignment")
	fallback = flt(frappe.db.get_value("Employee", employee, "pharm_hourly_rate"))
	return fallback, _("Employee hourly rate") if fallback else _("No rate")
