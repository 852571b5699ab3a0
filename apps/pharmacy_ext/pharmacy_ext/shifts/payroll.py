"""Period close: overtime, night and holiday hours of each employee go to payroll as Additional Salary.

One Additional Salary per employee, component and Overtime Period, ever: the period row is locked while
posting and existing ones (found by pharm_overtime_period) are reused, so a re-run creates nothing new.
"""

import frappe
from frappe import _
from frappe.utils import flt

from pharmacy_ext.shifts import employee_hours
from pharmacy_ext.shifts.salary_setup import ensure_earning_component
from pharmacy_ext.shifts.worktime import YEAR_OVERTIME_LIMIT, period_hours, period_pay, two_day_excess

# line amount field -> (component, abbreviation, link field on the line)
COMPONENTS = {
	"overtime_amount": ("Overtime", "PH_OT", "overtime_salary"),
	"night_amount": ("Night Work", "PH_NIGHT", "night_salary"),
	"holiday_amount": ("Holiday Work", "PH_HOL", "holiday_salary"),
}


def ensure_salary_components():
	for component, abbr, _link in COMPONENTS.values():
		ensure_earning_component(component, abbr, _(component))


def employees_in_scope(period) -> list[dict]:
	filters = {"company": period.company, "status": "Active"}
	if period.branch:
		filters["branch"] = period.branch
	return frappe.get_all("Employee", filters=filters, fields=["name", "branch"], order_by="name")


def compute_line(employee: str, branch: str | None, period) -> dict | None:
	"""One employee's hours and pay for the period; None when they did not work in it."""
	intervals = employee_hours.worked_intervals(employee, period.from_date, period.to_date)
	if not intervals:
		return None
	norm = employee_hours.employee_norm(employee, period.from_date, period.to_date)
	hours = period_hours(intervals, period.from_date, period.to_date, norm)
	if not hours.worked:
		return None
	rate, source = employee_hours.hourly_rate(employee, period.from_date, period.to_date)
	pay = period_pay(hours, rate)
	return {
		"employee": employee,
		"branch": branch,
		"norm_hours": flt(hours.norm, 2),
		"worked_hours": flt(hours.worked, 2),
		"overtime_hours": flt(hours.overtime, 2),
		"night_hours": flt(hours.night, 2),
		"holiday_hours": flt(hours.holiday, 2),
		"hourly_rate": rate,
		"rate_source": source,
		"overtime_amount": pay.overtime,
		"night_amount": pay.night,
		"holiday_amount": pay.holiday,
		"total_amount": flt(pay.total, 2),
		"warnings": "\n".join(limit_warnings(employee, hours, period)),
	}


def limit_warnings(employee: str, hours, period) -> list[str]:
	"""Art. 99: at most 4 overtime hours in two consecutive days and 120 a year."""
	warnings = []
	if not has_salary_structure(employee, period.payroll_date or period.to_date):
		warnings.append(_("No Salary Structure Assignment: not posted to payroll"))
	planned = {}
	for start, end, pause in employee_hours.planned_intervals(employee, period.from_date, period.to_date):
		planned[start.date()] = planned.get(start.date(), 0) + (end - start).total_seconds() / 3600 - pause
	if planned:
		for day, excess in two_day_excess(hours.by_day, planned):
			warnings.append(
				_("{0} h beyond the schedule on {1} and the next day (limit 4 h in two days)").format(
					excess, frappe.format(day, "Date")
				)
			)
	year_total = hours.overtime + year_overtime_before(employee, period)
	if year_total > YEAR_OVERTIME_LIMIT:
		warnings.append(
			_("{0} h of overtime this year (limit {1} h)").format(flt(year_total, 1), YEAR_OVERTIME_LIMIT)
		)
	return warnings


def year_overtime_before(employee: str, period) -> float:
	year = frappe.utils.getdate(period.to_date).year
	rows = frappe.db.sql(
		"""select coalesce(sum(line.overtime_hours), 0) from `tabOvertime Period Line` line
		join `tabOvertime Period` p on p.name = line.parent
		where p.docstatus = 1 and p.name != %(name)s and line.employee = %(employee)s
		and year(p.to_date) = %(year)s""",
		{"name": period.name or "", "employee": employee, "year": year},
	)
	return flt(rows[0][0]) if rows else 0.0


def post_to_payroll(period) -> list[str]:
	"""Creates the missing Additional Salaries of a submitted period; returns the names created."""
	frappe.db.get_value("Overtime Period", period.name, "name", for_update=True)
	ensure_salary_components()
	created = []
	for line in period.lines:
		if not has_salary_structure(line.employee, period.payroll_date or period.to_date):
			continue  # the line's warning says so; posting it again after HR adds one picks it up
		for amount_field, (component, _abbr, link_field) in COMPONENTS.items():
			amount = flt(line.get(amount_field))
			if amount <= 0:
				continue
			existing = frappe.db.get_value(
				"Additional Salary",
				{
					"employee": line.employee,
					"salary_component": component,
					"pharm_overtime_period": period.name,
					"docstatus": ["<", 2],
				},
				"name",
			)
			if not existing:
				existing = make_additional_salary(period, line, component, amount)
				created.append(existing)
			if line.get(link_field) != existing:
				line.db_set(link_field, existing)
	return created


def has_salary_structure(employee: str, on_date) -> bool:
	return bool(
		frappe.db.exists(
			"Salary Structure Assignment",
			{"employee": employee, "docstatus": 1, "from_date": ["<=", on_date]},
		)
	)


def make_additional_salary(period, line, component: str, amount: float) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Additional Salary",
			"employee": line.employee,
			"company": period.company,
			"salary_component": component,
			"amount": amount,
			"payroll_date": period.payroll_date or period.to_date,
			"overwrite_salary_structure_amount": 0,
			"ref_doctype": "Overtime Period",
			"ref_docname": period.name,
			"pharm_overtime_period": period.name,
		}
	)
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc.name
