"""A swap (my shift for yours) or give-away between two employees.

Proposed -> Accepted (the colleague) / Declined -> Approved (branch head or HR) / Rejected; the requester may
cancel until it is approved. Approval cancels the Shift Assignments and creates the swapped ones in the same
transaction, with the assignments' rows locked so two swaps of one shift cannot both be approved.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from pharmacy_ext.shifts import swap_notifications, swap_rules
from pharmacy_ext.shifts.approvers import APPROVER_ROLES, branch_heads, can_approve, is_hr

OPEN_STATES = ("Proposed", "Accepted")
DECISION_FIELDS = ("status", "decided_by", "new_requester_shift", "new_colleague_shift")
REQUEST_FIELDS = ("swap_type", "requester", "requester_shift", "colleague", "colleague_shift")


class ShiftAlreadyChangedError(frappe.ValidationError):
	pass


class ShiftSwapRequest(Document):
	def validate(self):
		if self.is_new():
			self.status = "Proposed"
		if self.swap_type == "Give Away":
			self.colleague_shift = self.colleague_date = self.colleague_shift_type = None
		if self.requester == self.colleague:
			frappe.throw(_("Choose a colleague other than yourself"))
		if self.is_new():
			self.validate_requester()
		else:
			self.validate_edit()
		if self.status not in OPEN_STATES:
			return
		self.validate_shift(self.requester_shift, self.requester, _("Your shift"))
		if self.swap_type == "Swap":
			self.validate_shift(self.colleague_shift, self.colleague, _("The colleague's shift"))
		self.branch = frappe.db.get_value(
			"Shift Assignment", self.requester_shift, "pharm_branch"
		) or frappe.db.get_value("Employee", self.requester, "branch")
		self.run_checks()

	def validate_edit(self):
		"""Status and decision move only through the actions; what is asked changes only while proposed,
		by whoever asked (a REST save is a save like any other)."""
		if not self.flags.by_action and any(self.has_value_changed(f) for f in DECISION_FIELDS):
			frappe.throw(_("Use the request's actions to change its status"), frappe.PermissionError)
		if any(self.has_value_changed(f) for f in REQUEST_FIELDS):
			if self.status != "Proposed":
				frappe.throw(_("Only a proposed request can be changed"))
			self.validate_requester()

	def validate_requester(self):
		user = frappe.session.user
		own = frappe.db.get_value("Employee", self.requester, "user_id")
		if (
			user not in (own, "Administrator")
			and not is_hr(user)
			and user not in branch_heads(frappe.db.get_value("Employee", self.requester, "branch"))
		):
			frappe.throw(_("You can ask to swap only your own shifts"), frappe.PermissionError)

	def validate_shift(self, assignment: str, employee: str, label: str):
		row = frappe.db.get_value(
			"Shift Assignment",
			assignment,
			["employee", "docstatus", "status", "start_date", "end_date"],
			as_dict=True,
		)
		if not row or row.employee != employee or row.docstatus != 1 or row.status != "Active":
			frappe.throw(_("{0}: {1} is not an active shift of {2}").format(label, assignment, employee))
		if row.end_date and getdate(row.end_date) != getdate(row.start_date):
			frappe.throw(_("{0}: only one-day Shift Assignments can be swapped").format(label))
		if getdate(row.start_date) < getdate(today()):
			frappe.throw(_("{0}: the shift is in the past").format(label))

	def run_checks(self):
		checks, cost = swap_rules.evaluate(self)
		# Rows are updated in place, so the history shows what changed rather than seven new rows each time.
		for index, check in enumerate(checks):
			values = {"rule": check.rule, "passed": int(check.passed), "details": check.details}
			if index < len(self.checks):
				self.checks[index].update(values)
			else:
				self.append("checks", values)
		del self.checks[len(checks) :]
		self.checks_passed = int(all(c.passed for c in checks))
		self.cost_impact = cost

	def failed_checks(self) -> list[str]:
		return [f"{_(row.rule)}: {row.details}" for row in self.checks if not row.passed]

	# ------------------------------------------------------------ actions

	def on_update(self):
		if self.has_value_changed("status"):
			swap_notifications.notify(self)

	@frappe.whitelist()
	def accept(self):
		self.expect_user(self.colleague_user, _("Only the colleague can accept or decline"))
		self.move_to("Proposed", "Accepted")

	@frappe.whitelist()
	def decline(self, comment: str | None = None):
		self.expect_user(self.colleague_user, _("Only the colleague can accept or decline"))
		self.move_to("Proposed", "Declined", comment)

	@frappe.whitelist()
	def cancel_request(self):
		self.expect_user(self.requester_user, _("Only the employee who asked can cancel the request"))
		if self.status not in OPEN_STATES:
			frappe.throw(_("Only an open request can be cancelled"))
		self.status = "Cancelled"
		self.flags.by_action = True
		self.save(ignore_permissions=True, ignore_version=False)

	@frappe.whitelist()
	def reject(self, comment: str | None = None):
		self.expect_approver()
		self.move_to("Accepted", "Rejected", comment)

	@frappe.whitelist()
	def approve(self, comment: str | None = None):
		self.expect_approver()
		lock_assignments(self.assignments())
		self.reload()
		if self.status != "Accepted":
			frappe.throw(
				_("Only a request the colleague accepted can be approved (now: {0})").format(_(self.status))
			)
		self.ensure_shifts_unchanged()
		self.run_checks()
		if not self.checks_passed:
			frappe.throw(
				"<br>".join([_("The swap breaks these rules:"), *self.failed_checks()]),
				title=_("Cannot Approve"),
			)
		self.new_requester_shift, self.new_colleague_shift = apply_swap(self)
		self.decided_by = frappe.session.user
		self.decision_comment = comment or self.decision_comment
		self.status = "Approved"
		self.flags.by_action = True
		self.save(ignore_permissions=True, ignore_version=False)
		close_competing_requests(self)

	def move_to(self, expected: str, status: str, comment: str | None = None):
		frappe.db.get_value(self.doctype, self.name, "status", for_update=True)
		self.reload()
		if self.status != expected:
			frappe.throw(_("The request is {0}, not {1}").format(_(self.status), _(expected)))
		self.status = status
		if status in ("Rejected", "Approved", "Declined"):
			self.decided_by = frappe.session.user
		if comment:
			self.decision_comment = comment
		self.flags.by_action = True
		self.save(ignore_permissions=True, ignore_version=False)

	def expect_user(self, user: str | None, message: str):
		if frappe.session.user not in (user, "Administrator") and not is_hr(frappe.session.user):
			frappe.throw(message, frappe.PermissionError)

	def expect_approver(self):
		if not can_approve(frappe.session.user, self.branch):
			frappe.throw(
				_("Only the head of {0} or HR can approve or reject shift swaps").format(self.branch),
				frappe.PermissionError,
			)

	def assignments(self) -> list[str]:
		return [n for n in (self.requester_shift, self.colleague_shift) if n]

	def ensure_shifts_unchanged(self):
		owners = {self.requester_shift: self.requester, self.colleague_shift: self.colleague}
		for name in self.assignments():
			row = frappe.db.get_value(
				"Shift Assignment", name, ["docstatus", "employee", "status"], as_dict=True
			)
			if row.docstatus != 1 or row.status != "Active" or row.employee != owners[name]:
				frappe.throw(
					_(
						"Shift Assignment {0} has changed since the request was made (another swap was approved)"
					).format(name),
					ShiftAlreadyChangedError,
				)


def lock_assignments(names: list[str]):
	"""Row locks in name order (no deadlock between two approvals); held until commit or rollback."""
	frappe.db.sql(
		"select name from `tabShift Assignment` where name in %(names)s order by name for update",
		{"names": tuple(sorted(names))},
	)


def apply_swap(request) -> tuple[str, str | None]:
	"""Cancel the old assignments, then give each shift to its new holder."""
	old = [frappe.get_doc("Shift Assignment", name) for name in request.assignments()]
	for doc in old:
		doc.flags.ignore_permissions = True
		doc.cancel()
	receivers = [request.colleague, request.requester][: len(old)]
	new_names = []
	for doc, receiver in zip(old, receivers, strict=True):
		new = frappe.get_doc(
			{
				"doctype": "Shift Assignment",
				"employee": receiver,
				"company": doc.company,
				"shift_type": doc.shift_type,
				"start_date": doc.start_date,
				"end_date": doc.end_date,
				"status": "Active",
				"shift_location": doc.shift_location,
				"pharm_branch": doc.pharm_branch,
				"pharm_rx_duty": doc.pharm_rx_duty,
				"pharm_swap_request": request.name,
			}
		)
		new.flags.ignore_permissions = True
		new.insert()
		new.submit()
		new_names.append(new.name)
	return new_names[0], (new_names[1] if len(new_names) > 1 else None)


def close_competing_requests(request):
	"""Other open requests for the same shifts can no longer happen."""
	names = request.assignments()
	others = frappe.get_all(
		"Shift Swap Request",
		filters={"name": ["!=", request.name], "status": ["in", OPEN_STATES]},
		or_filters={"requester_shift": ["in", names], "colleague_shift": ["in", names]},
		pluck="name",
	)
	for name in others:
		other = frappe.get_doc("Shift Swap Request", name)
		other.status = "Cancelled"
		other.decision_comment = _("The shift was changed by {0}").format(request.name)
		other.flags.by_action = True
		other.save(ignore_permissions=True, ignore_version=False)


def get_permission_query_conditions(user: str | None = None) -> str:
	"""Branch staff see requests they are part of; heads see their branch (User Permissions); HR sees all."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or roles & {*APPROVER_ROLES, "Senior Pharmacist", "Chain Director"}:
		return ""
	escaped = frappe.db.escape(user)
	return f"(`tabShift Swap Request`.requester_user = {escaped} or `tabShift Swap Request`.colleague_user = {escaped})"


def has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or roles & {*APPROVER_ROLES, "Senior Pharmacist", "Chain Director"}:
		return True
	if doc.is_new():
		return True
	return user in (doc.requester_user, doc.colleague_user)
