"""Line by line what each closed period paid: hours, rate, amounts and the Additional Salary behind each
amount, for the accountant to reconcile with payroll. The chart: worked hours vs norm per pharmacy."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import flt

AMOUNTS = (
	("overtime_amount", "overtime_salary"),
	("night_amount", "night_salary"),
	("holiday_amount", "holiday_salary"),
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data)


def get_columns():
	def col(fieldname, label, fieldtype="Float", width=100, options=None):
		return {
			"fieldname": fieldname,
			"label": _(label),
			"fieldtype": fieldtype,
			"width": width,
			"options": options,
		}

	return [
		col("overtime_period", "Overtime Period", "Link", 130, "Overtime Period"),
		col("employee", "Employee", "Link", 120, "Employee"),
		col("employee_name", "Employee Name", "Data", 180),
		col("branch", "Pharmacy", "Link", 180, "Branch"),
		col("norm_hours", "Norm (h)"),
		col("worked_hours", "Worked (h)"),
		col("overtime_hours", "Overtime (h)"),
		col("night_hours", "Night (h)"),
		col("holiday_hours", "Holiday (h)"),
		col("hourly_rate", "Hourly Rate", "Currency", 100),
		col("overtime_amount", "Overtime Pay", "Currency", 110),
		col("overtime_salary", "Overtime Additional Salary", "Link", 150, "Additional Salary"),
		col("night_amount", "Night Pay", "Currency", 110),
		col("night_salary", "Night Additional Salary", "Link", 150, "Additional Salary"),
		col("holiday_amount", "Holiday Pay", "Currency", 110),
		col("holiday_salary", "Holiday Additional Salary", "Link", 150, "Additional Salary"),
		col("total_amount", "Total", "Currency", 110),
		col("warnings", "Warnings", "Data", 250),
	]


def get_data(filters) -> list[dict]:
	period = frappe.qb.DocType("Overtime Period")
	line = frappe.qb.DocType("Overtime Period Line")
	query = (
		frappe.qb.from_(line)
		.join(period)
		.on(period.name == line.parent)
		.select(
			line.parent.as_("overtime_period"),
			line.employee,
			line.employee_name,
			line.branch,
			line.norm_hours,
			line.worked_hours,
			line.overtime_hours,
			line.night_hours,
			line.holiday_hours,
			line.hourly_rate,
			line.overtime_amount,
			line.overtime_salary,
			line.night_amount,
			line.night_salary,
			line.holiday_amount,
			line.holiday_salary,
			line.total_amount,
			line.warnings,
		)
		.where(period.docstatus < 2)
		.orderby(period.from_date, order=frappe.qb.desc)
		.orderby(line.branch)
		.orderby(line.employee_name)
	)
	if filters.overtime_period:
		query = query.where(period.name == filters.overtime_period)
	if filters.branch:
		query = query.where(line.branch == filters.branch)
	if filters.employee:
		query = query.where(line.employee == filters.employee)
	rows = query.run(as_dict=True)
	allowed = allowed_branches()
	return [r for r in rows if allowed is None or r.branch in allowed]


def allowed_branches() -> set | None:
	"""Branch staff (User Permission on Branch) see only their branch's lines."""
	from frappe.permissions import get_user_permissions

	permitted = get_user_permissions(frappe.session.user).get("Branch")
	return {p["doc"] for p in permitted} if permitted else None


def get_chart(data):
	if not data:
		return None
	worked, norm = defaultdict(float), defaultdict(float)
	for row in data:
		branch = row.branch or _("Office")
		worked[branch] += flt(row.worked_hours)
		norm[branch] += flt(row.norm_hours)
	labels = sorted(worked)
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Norm (h)"), "values": [flt(norm[b], 1) for b in labels]},
				{"name": _("Worked (h)"), "values": [flt(worked[b], 1) for b in labels]},
			],
		},
		"type": "bar",
		"colors": ["#98d85b", "#5e64ff"],
	}
