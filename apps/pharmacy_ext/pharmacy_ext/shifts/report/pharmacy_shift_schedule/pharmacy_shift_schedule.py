"""The month's schedule of one pharmacy as staff know it from Excel: a row per employee, a column per day
with the shift's hours, then planned hours against the norm. The chart: staff on shift per day and the open
hours the Staffing Rule finds short; the message lists those hours."""

import calendar
from datetime import date

import frappe
from babel.dates import format_date
from frappe import _
from frappe.utils import flt, getdate

from pharmacy_ext.shifts import employee_hours, staffing


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.branch or not filters.month:
		return [], []
	frappe.has_permission("Branch", "read", doc=filters.branch, throw=True)
	month = getdate(filters.month)
	first = date(month.year, month.month, 1)
	last = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
	days = [date(month.year, month.month, d) for d in range(1, last.day + 1)]
	rows = get_rows(filters, first, last, days)
	gaps = {day: staffing.rule_gaps(filters.branch, day) for day in days}
	return get_columns(days), rows, gap_message(gaps), get_chart(rows, days, gaps)


def get_columns(days):
	columns = [
		{
			"fieldname": "employee",
			"label": _("Employee"),
			"fieldtype": "Link",
			"options": "Employee",
			"width": 110,
		},
		{"fieldname": "employee_name", "label": _("Employee Name"), "fieldtype": "Data", "width": 170},
	]
	columns += [
		{
			"fieldname": f"d{d.day}",
			"label": f"{d.day:02d} {format_date(d, 'EEE', locale=frappe.local.lang or 'en')}",
			"fieldtype": "Data",
			"width": 74,
		}
		for d in days
	]
	columns += [
		{"fieldname": "planned_hours", "label": _("Planned (h)"), "fieldtype": "Float", "width": 90},
		{"fieldname": "norm_hours", "label": _("Norm (h)"), "fieldtype": "Float", "width": 80},
		{"fieldname": "balance_hours", "label": _("Balance (h)"), "fieldtype": "Float", "width": 90},
	]
	return columns


def get_rows(filters, first, last, days):
	shifts = frappe.get_list(
		"Shift Assignment",
		filters={
			"pharm_branch": filters.branch,
			"docstatus": 1,
			"status": "Active",
			"start_date": ["between", [first, last]],
			**({"employee": filters.employee} if filters.employee else {}),
		},
		fields=["employee", "employee_name", "shift_type", "start_date"],
		order_by="employee_name, start_date",
	)
	by_employee: dict[str, dict] = {}
	for shift in shifts:
		row = by_employee.setdefault(
			shift.employee,
			{"employee": shift.employee, "employee_name": shift.employee_name, "planned_hours": 0.0},
		)
		start, end = employee_hours.assignment_interval(shift.shift_type, shift.start_date)
		row[f"d{getdate(shift.start_date).day}"] = f"{start:%H}-{end:%H}"
		row["planned_hours"] += (end - start).total_seconds() / 3600 - employee_hours.break_hours(
			shift.shift_type
		)
	for employee, row in by_employee.items():
		try:
			row["norm_hours"] = employee_hours.employee_norm(employee, first, last)
		except frappe.ValidationError:
			row["norm_hours"] = 0.0  # no production calendar for the year: the message says so
		row["balance_hours"] = flt(row["planned_hours"] - row["norm_hours"], 2)
	return list(by_employee.values())


def gap_message(gaps) -> str | None:
	lines = []
	for day, (short, no_rx) in gaps.items():
		if short:
			lines.append(
				_("{0}: fewer staff than the rule asks at {1}").format(
					frappe.format(day, "Date"), span(short)
				)
			)
		if no_rx:
			lines.append(
				_("{0}: no pharmacist qualified for prescription dispensing at {1}").format(
					frappe.format(day, "Date"), span(no_rx)
				)
			)
	return "<br>".join(frappe.utils.escape_html(line) for line in lines) or None


def span(slots) -> str:
	"""Consecutive hour slots as ranges: 08:00-14:00, 18:00-20:00."""
	ranges = []
	for start, end in slots:
		if ranges and ranges[-1][1] == start:
			ranges[-1][1] = end
		else:
			ranges.append([start, end])
	return ", ".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in ranges)


def get_chart(rows, days, gaps):
	if not rows:
		return None
	return {
		"data": {
			"labels": [f"{d.day:02d}" for d in days],
			"datasets": [
				{
					"name": _("Staff on Shift"),
					"values": [sum(1 for r in rows if r.get(f"d{d.day}")) for d in days],
				},
				{"name": _("Hours Short of the Rule"), "values": [len(gaps[d][0]) for d in days]},
			],
		},
		"type": "bar",
		"colors": ["#5e64ff", "#ff5858"],
	}
