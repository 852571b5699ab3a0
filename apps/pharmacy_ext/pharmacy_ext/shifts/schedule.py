"""Monthly schedules from Shift Patterns: one single-day Shift Assignment per employee and working day.

Single-day assignments are what a swap moves. Generation is idempotent: a day the employee already has an assignment for,
or gave away by an approved swap, is left alone. A whole chain runs as a background job with progress.
"""

import calendar
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate

from pharmacy_ext.shifts import production_calendar


def set_assignment_branch(doc, method=None):
	"""Shift Assignment validate: the shift is worked at the employee's branch unless said otherwise."""
	if not doc.get("pharm_branch"):
		doc.pharm_branch = frappe.db.get_value("Employee", doc.employee, "branch")


def pattern_cycle(pattern: str) -> tuple[date, list[str | None], bool]:
	doc = frappe.get_cached_doc("Shift Pattern", pattern)
	return (
		getdate(doc.anchor_date),
		[row.shift_type or None for row in doc.days],
		bool(doc.follows_production_calendar),
	)


def shift_on(pattern: str, offset: int, day: date) -> str | None:
	anchor, cycle, office = pattern_cycle(pattern)
	if office and not production_calendar.is_working_day(day):
		return None
	return cycle[((day - anchor).days + offset) % len(cycle)]


def month_range(year: int, month: int) -> tuple[date, date]:
	return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def generate_for_branch(branch: str, from_date, to_date) -> int:
	"""Creates the branch's assignments for the range; returns how many were created."""
	employees = frappe.get_all(
		"Employee",
		filters={"branch": branch, "status": "Active", "pharm_shift_pattern": ["is", "set"]},
		fields=["name", "company", "pharm_shift_pattern", "pharm_pattern_offset", "date_of_joining"],
		order_by="name",
	)
	created = 0
	for employee in employees:
		taken = set(
			frappe.get_all(
				"Shift Assignment",
				filters={
					"employee": employee.name,
					"docstatus": 1,
					"status": "Active",
					"start_date": ["between", [from_date, to_date]],
				},
				pluck="start_date",
			)
		) | given_away(employee.name, from_date, to_date)
		for day in production_calendar.dates(from_date, to_date):
			shift_type = shift_on(employee.pharm_shift_pattern, employee.pharm_pattern_offset or 0, day)
			if not shift_type or day in taken or day < getdate(employee.date_of_joining):
				continue
			doc = frappe.get_doc(
				{
					"doctype": "Shift Assignment",
					"employee": employee.name,
					"company": employee.company,
					"shift_type": shift_type,
					"start_date": day,
					"end_date": day,
					"status": "Active",
					"pharm_branch": branch,
				}
			)
			doc.insert(ignore_permissions=True)
			doc.submit()
			created += 1
	return created


def given_away(employee: str, from_date, to_date) -> set[date]:
	"""Days whose shift the employee gave to a colleague by an approved swap: never generated again."""
	days = set()
	for role in ("requester", "colleague"):
		days.update(
			getdate(d)
			for d in frappe.get_all(
				"Shift Swap Request",
				filters={
					"status": "Approved",
					role: employee,
					f"{role}_date": ["between", [from_date, to_date]],
				},
				pluck=f"{role}_date",
			)
		)
	return days


@frappe.whitelist()
def generate_month(branch: str, year: int, month: int) -> int:
	frappe.has_permission("Shift Assignment", "create", throw=True)
	frappe.has_permission("Branch", "read", doc=branch, throw=True)
	return generate_for_branch(branch, *month_range(int(year), int(month)))


@frappe.whitelist()
def enqueue_chain_month(year: int, month: int, company: str | None = None) -> str:
	"""Every branch of the company in one background job (HR and heads of chain only)."""
	if not frappe.has_permission("Shift Assignment", "create") or not frappe.has_permission(
		"Shift Pattern", "write"
	):
		frappe.throw(_("Not permitted to generate schedules for the whole chain"), frappe.PermissionError)
	job = frappe.enqueue(
		generate_chain_month, queue="long", timeout=3600, year=int(year), month=int(month), company=company
	)
	return job.id if job else ""


PLAN_AHEAD_FROM_DAY = 20


def generate_next_month(today_: date | None = None, branches: list[str] | None = None) -> int:
	"""Daily job: from the 20th on, next month's shifts exist for every branch (idempotent, so daily is
	harmless and catches employees and patterns added late in the month)."""
	day = getdate(today_) if today_ else getdate()
	if day.day < PLAN_AHEAD_FROM_DAY:
		return 0
	following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
	return generate_chain_month(following.year, following.month, branches=branches)


def generate_chain_month(
	year: int, month: int, company: str | None = None, branches: list[str] | None = None
) -> int:
	if branches is None:
		filters = {"pharm_company": company} if company else {}
		branches = frappe.get_all("Branch", filters=filters, pluck="name", order_by="pharm_code")
	created = 0
	for index, branch in enumerate(branches):
		frappe.publish_progress(
			index * 100 / max(len(branches), 1), title=_("Generating shifts"), description=branch
		)
		try:
			created += generate_for_branch(branch, *month_range(year, month))
			frappe.db.commit()
		except Exception:
			# one branch's bad data (an inactive shift type, say) must not stop the others
			frappe.db.rollback()
			frappe.log_error(title=f"Shift generation failed for {branch}")
	return created
