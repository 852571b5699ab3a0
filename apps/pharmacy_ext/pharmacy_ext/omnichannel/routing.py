"""Who answers: contact-centre operators on shift now (HRMS Shift Assignment, confirmed by their last
check-in when they have checked in), the least loaded first. Nobody on shift: the customer gets an
auto-reply saying when the next shift starts. Unanswered too long: escalated, re-routed, senior notified.
"""

from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.utils import cint, format_datetime, get_datetime, get_time, now_datetime
from hrms.hr.doctype.shift_assignment.shift_assignment import get_employee_shift

OPERATOR_ROLE = "Contact Centre Operator"
OPEN = ("New", "In Progress")
AUTO_REPLY_EVERY = timedelta(hours=8)  # one off-hours reply per night, not one per message


def settings():
	return frappe.get_cached_doc("Omnichannel Settings")


def operator_users() -> list[str]:
	user, has_role = frappe.qb.DocType("User"), frappe.qb.DocType("Has Role")
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on(has_role.parent == user.name)
		.select(user.name)
		.distinct()
		.where((has_role.role == OPERATOR_ROLE) & (has_role.parenttype == "User") & (user.enabled == 1))
		.orderby(user.name)
	).run(pluck=True)


def operators_on_shift(at: datetime | None = None) -> list[str]:
	at = get_datetime(at or now_datetime())
	users = operator_users()
	if not cint(settings().use_operator_shifts):
		return users if within_working_hours(at) else []
	on_shift = []
	for user in users:
		employee = frappe.db.get_value("Employee", {"user_id": user, "status": "Active"}, "name")
		shift = get_employee_shift(employee, at) if employee else None
		if not shift or not (shift.start_datetime <= at < shift.end_datetime):
			continue
		last_log = frappe.db.get_value(
			"Employee Checkin",
			{"employee": employee, "time": ["between", [shift.actual_start, at]]},
			"log_type",
			order_by="time desc",
		)
		if last_log != "OUT":  # checked out early: off the line even inside the shift
			on_shift.append(user)
	return on_shift


def within_working_hours(at: datetime) -> bool:
	s = settings()
	start, end = get_time(s.working_hours_start or "08:00:00"), get_time(s.working_hours_end or "22:00:00")
	return start <= at.time() < end


def next_answer_time(at: datetime | None = None) -> datetime:
	"""When an operator will next be on the line: the earliest next shift start of any operator."""
	at = get_datetime(at or now_datetime())
	starts = []
	if cint(settings().use_operator_shifts):
		for user in operator_users():
			employee = frappe.db.get_value("Employee", {"user_id": user, "status": "Active"}, "name")
			if not employee:
				continue
			shift = get_employee_shift(employee, at, next_shift_direction="forward")
			if shift and shift.start_datetime > at:
				starts.append(shift.start_datetime)
	if starts:
		return min(starts)
	opening = datetime.combine(at.date(), get_time(settings().working_hours_start or "08:00:00"))
	return opening if opening > at else opening + timedelta(days=1)


def open_load(users: list[str]) -> dict[str, int]:
	rows = frappe.get_all(
		"Conversation",
		filters={"assignee": ["in", users], "status": ["in", OPEN]},
		fields=["assignee", "count(name) as open"],
		group_by="assignee",
	)
	load = {user: 0 for user in users}
	load.update({row.assignee: row.open for row in rows})
	return load


def least_loaded(users: list[str]) -> str | None:
	if not users:
		return None
	load = open_load(users)
	return min(users, key=lambda user: (load[user], user))


def route(conversation, at: datetime | None = None) -> str | None:
	"""Assign an unassigned conversation; with nobody on shift, auto-reply once and leave it queued."""
	if conversation.assignee:
		return conversation.assignee
	operator = least_loaded(operators_on_shift(at))
	if operator:
		assign(conversation.name, operator)
		return operator
	send_off_hours_reply(conversation, at)
	return None


def assign(conversation_name: str, user: str, previous: str | None = None):
	if previous:
		assign_to.remove("Conversation", conversation_name, previous, ignore_permissions=True)
	frappe.db.set_value("Conversation", conversation_name, "assignee", user, update_modified=False)
	assign_to.add(
		{
			"assign_to": [user],
			"doctype": "Conversation",
			"name": conversation_name,
			"description": _("Answer the customer's message"),
		},
		ignore_permissions=True,
	)


def send_off_hours_reply(conversation, at: datetime | None = None):
	at = get_datetime(at or now_datetime())
	last = conversation.off_hours_replied_at
	if last and get_datetime(last) > at - AUTO_REPLY_EVERY:
		return
	when = format_datetime(next_answer_time(at), "dd.MM.yyyy HH:mm")
	template = settings().off_hours_reply or _(
		"Thank you for your message! Our operators are not on the line now; we will answer from {0}."
	)
	from pharmacy_ext.omnichannel.conversations import reply

	frappe.db.set_value("Conversation", conversation.name, "off_hours_replied_at", at, update_modified=False)
	reply(conversation.name, template.replace("{0}", when), user="Administrator", auto_reply=True)


def escalate_unanswered(at: datetime | None = None) -> list[str]:
	"""Scheduler (every minute): conversations waiting longer than the setting go to another operator on
	shift, are flagged, and the senior is notified; repeated every N minutes while still unanswered."""
	at = get_datetime(at or now_datetime())
	minutes = cint(settings().escalation_minutes) or 15
	cutoff = at - timedelta(minutes=minutes)
	conversation = frappe.qb.DocType("Conversation")
	overdue = (
		frappe.qb.from_(conversation)
		.select(conversation.name, conversation.assignee, conversation.escalation_count)
		.where(
			(conversation.waiting_since <= cutoff)
			& conversation.status.isin(OPEN)
			& (conversation.last_escalated_at.isnull() | (conversation.last_escalated_at <= cutoff))
		)
		.orderby(conversation.waiting_since)
	).run(as_dict=True)
	if not overdue:
		return []
	on_shift = operators_on_shift(at)
	for row in overdue:
		operator = least_loaded([user for user in on_shift if user != row.assignee])
		if operator:
			assign(row.name, operator, previous=row.assignee)
		frappe.db.set_value(
			"Conversation",
			row.name,
			{"escalated": 1, "escalation_count": cint(row.escalation_count) + 1, "last_escalated_at": at},
			update_modified=False,
		)
		notify_seniors(row.name, minutes, operator)
		frappe.db.commit()
	return [row.name for row in overdue]


def notify_seniors(conversation_name: str, minutes: int, operator: str | None):
	s = settings()
	if s.escalation_user:
		users = [s.escalation_user]
	else:
		users = frappe.get_all(
			"Has Role",
			filters={"role": s.escalation_role or "Senior Pharmacist", "parenttype": "User"},
			pluck="parent",
			distinct=True,
		)
	subject = _("Conversation {0} unanswered for more than {1} minutes; re-routed to {2}").format(
		conversation_name, minutes, operator or _("nobody (no operator on shift)")
	)
	for user in users:
		if not frappe.db.get_value("User", user, "enabled"):
			continue
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": "Conversation",
				"document_name": conversation_name,
				"subject": subject,
				"from_user": "Administrator",
			}
		).insert(ignore_permissions=True)
