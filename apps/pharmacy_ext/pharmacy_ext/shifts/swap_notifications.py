"""Who hears about each step of a Shift Swap Request: desk notification, a ToDo for whoever acts next,
and the notice on each employee's own channel (e-mail or Telegram, see network/staff_notify.py)."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

from pharmacy_ext.network.staff_notify import notify_staff
from pharmacy_ext.shifts.approvers import branch_heads

# status -> (who acts next and gets a ToDo, who is told)
AUDIENCE = {
	"Proposed": ("colleague", ()),
	"Accepted": ("approvers", ("requester",)),
	"Declined": (None, ("requester",)),
	"Approved": (None, ("requester", "colleague")),
	"Rejected": (None, ("requester", "colleague")),
	"Cancelled": (None, ("colleague", "approvers")),
}

SUBJECTS = {
	"Proposed": "{0} asks you to take a shift ({1})",
	"Accepted": "{0}: the colleague accepted, approval needed ({1})",
	"Declined": "{0}: the colleague declined ({1})",
	"Approved": "{0}: the swap is approved, the schedule is changed ({1})",
	"Rejected": "{0}: the swap is rejected ({1})",
	"Cancelled": "{0}: the request is cancelled ({1})",
}


def users_for(request, audience: str) -> list[str]:
	if audience == "requester":
		return [request.requester_user] if request.requester_user else []
	if audience == "colleague":
		return [request.colleague_user] if request.colleague_user else []
	heads = branch_heads(request.branch)
	return heads or frappe.get_all(
		"Has Role", filters={"role": "Pharmacy HR", "parenttype": "User"}, pluck="parent", distinct=True
	)


def notify(request):
	actor, told = AUDIENCE.get(request.status, (None, ()))
	close_todos(request)
	subject = _(SUBJECTS[request.status]).format(request.requester_name, request.name)
	recipients = []
	if actor:
		for user in users_for(request, actor):
			add_todo(request, user, subject)
			recipients.append(user)
	for audience in told:
		recipients += users_for(request, audience)
	recipients = [u for u in dict.fromkeys(recipients) if u and u != frappe.session.user]
	if not recipients:
		return
	enqueue_create_notification(
		recipients,
		{
			"type": "Alert",
			"document_type": request.doctype,
			"document_name": request.name,
			"subject": subject,
			"from_user": frappe.session.user,
		},
	)
	notify_staff(recipients, subject, request.doctype, request.name)


def add_todo(request, user: str, description: str):
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": request.doctype,
			"reference_name": request.name,
			"description": description,
			"assigned_by": frappe.session.user,
		}
	).insert(ignore_permissions=True)


def close_todos(request):
	for name in frappe.get_all(
		"ToDo",
		filters={"reference_type": request.doctype, "reference_name": request.name, "status": "Open"},
		pluck="name",
	):
		frappe.db.set_value("ToDo", name, "status", "Closed")
