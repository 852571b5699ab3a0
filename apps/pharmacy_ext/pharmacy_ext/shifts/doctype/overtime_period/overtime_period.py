"""Closes a summarized-accounting period: hours and pay per employee, then Additional Salary on submit."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from pharmacy_ext.shifts import payroll


class OvertimePeriod(Document):
	def validate(self):
		if getdate(self.from_date) > getdate(self.to_date):
			frappe.throw(_("The period ends before it starts"))
		self.validate_no_overlap()
		self.calculate()

	def validate_no_overlap(self):
		others = frappe.get_all(
			"Overtime Period",
			filters={
				"name": ["!=", self.name or ""],
				"company": self.company,
				"docstatus": 1,
				"from_date": ["<=", self.to_date],
				"to_date": [">=", self.from_date],
			},
			fields=["name", "branch"],
		)
		for other in others:
			if not other.branch or not self.branch or other.branch == self.branch:
				frappe.throw(_("Overtime Period {0} already covers these dates").format(other.name))

	@frappe.whitelist()
	def calculate(self):
		if self.docstatus:
			return
		self.set("lines", [])
		for employee in payroll.employees_in_scope(self):
			line = payroll.compute_line(employee.name, employee.branch, self)
			if line:
				self.append("lines", line)
		for field in ("overtime_hours", "night_hours", "holiday_hours"):
			self.set(f"total_{field}", flt(sum(flt(row.get(field)) for row in self.lines), 2))
		self.total_amount = flt(sum(flt(row.total_amount) for row in self.lines), 2)

	def on_submit(self):
		payroll.post_to_payroll(self)

	def before_cancel(self):
		posted = frappe.get_all(
			"Additional Salary", filters={"pharm_overtime_period": self.name, "docstatus": 1}, pluck="name"
		)
		for name in posted:
			doc = frappe.get_doc("Additional Salary", name)
			doc.flags.ignore_permissions = True
			doc.cancel()

	@frappe.whitelist()
	def post_to_payroll(self) -> list[str]:
		"""Re-run of the posting (after fixing a missing salary structure): adds only what is missing."""
		self.check_permission("submit")
		if self.docstatus != 1:
			frappe.throw(_("Submit the period first"))
		return payroll.post_to_payroll(self)


# Pay lines of the whole chain are for HR, accounting and the director; a branch head sees periods closed
# for their own branch only (User Permission on Branch does the rest) and their lines in the report.
CHAIN_WIDE_ROLES = {"Pharmacy HR", "Pharmacy Accountant", "Chain Director", "System Manager", "HR Manager"}


def sees_chain(user: str) -> bool:
	return user == "Administrator" or bool(set(frappe.get_roles(user)) & CHAIN_WIDE_ROLES)


def get_permission_query_conditions(user: str | None = None) -> str:
	user = user or frappe.session.user
	return "" if sees_chain(user) else "ifnull(`tabOvertime Period`.branch, '') != ''"


def has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	user = user or frappe.session.user
	return sees_chain(user) or bool(doc.branch)
