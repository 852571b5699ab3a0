"""Conversations: an incoming message joins the customer's open conversation on that channel (or opens
one), an operator's reply is queued for sending on the same channel."""

import frappe
from frappe import _
from frappe.utils import now_datetime, time_diff_in_seconds

from pharmacy_ext.omnichannel.channels.base import InboundMessage

CLOSED = ("Resolved", "Spam")


def receive(msg: InboundMessage) -> str:
	"""Store an incoming message once; returns its conversation."""
	dedupe_key = f"{msg.channel}:{msg.message_id}"
	existing = frappe.db.get_value("Conversation Message", {"dedupe_key": dedupe_key}, "conversation")
	if existing:
		return existing
	conversation = open_conversation(msg)
	now = now_datetime()
	frappe.get_doc(
		{
			"doctype": "Conversation Message",
			"conversation": conversation.name,
			"channel": msg.channel,
			"direction": "Incoming",
			"status": "Received",
			"text": msg.text,
			"dedupe_key": dedupe_key,
			"external_id": msg.message_id,
		}
	).insert(ignore_permissions=True)
	conversation.last_inbound_at = now
	conversation.waiting_since = conversation.waiting_since or now
	if conversation.status == "Waiting for Customer":
		conversation.status = "In Progress"
	conversation.save(ignore_permissions=True)

	from pharmacy_ext.omnichannel.routing import route

	route(conversation)
	return conversation.name


def open_conversation(msg: InboundMessage):
	from pharmacy_ext.omnichannel.identity import remember_identity, resolve

	name = frappe.db.get_value(
		"Conversation",
		{"channel": msg.channel, "external_chat_id": msg.chat_id, "status": ["not in", CLOSED]},
		"name",
		order_by="creation desc",
		for_update=True,
	)
	if name:
		conversation = frappe.get_doc("Conversation", name)
		if msg.phone and not conversation.customer:
			# A shared phone number can reveal a known customer mid-conversation.
			found = resolve(msg)
			conversation.update({k: v for k, v in found.items() if v})
		else:
			remember_identity(
				frappe._dict(
					customer=conversation.customer, lead=conversation.lead, contact=conversation.contact
				),
				msg,
			)
		return conversation
	found = resolve(msg)
	conversation = frappe.new_doc("Conversation")
	conversation.update(
		{
			"channel": msg.channel,
			"status": "New",
			"external_chat_id": msg.chat_id,
			"channel_user_id": msg.channel_user_id,
			"phone": msg.phone,
			"email": msg.email,
			"api_client": msg.api_client,
			"customer": found.customer,
			"lead": found.lead,
			"contact": found.contact,
			"contact_display": display_name(msg, found),
			"first_inbound_at": now_datetime(),
		}
	)
	conversation.insert(ignore_permissions=True)
	return conversation


def display_name(msg: InboundMessage, found) -> str:
	if found.customer:
		return frappe.db.get_value("Customer", found.customer, "customer_name")
	if msg.sender_name:
		return msg.sender_name
	if found.lead:
		return frappe.db.get_value("Lead", found.lead, "lead_name") or found.lead
	return msg.phone or msg.email or msg.chat_id


def reply(conversation_name: str, text: str, user: str | None = None, auto_reply: bool = False) -> str:
	"""Queue a reply on the conversation's channel; the sender job (outbound.py) delivers it."""
	text = (text or "").strip()
	if not text:
		frappe.throw(_("The reply is empty"))
	conversation = frappe.get_doc("Conversation", conversation_name, for_update=True)
	if conversation.status == "Spam":
		frappe.throw(_("This conversation is marked as spam"))
	message = frappe.get_doc(
		{
			"doctype": "Conversation Message",
			"conversation": conversation.name,
			"channel": conversation.channel,
			"direction": "Outgoing",
			"status": "Queued",
			"text": text,
			"sent_by": user or frappe.session.user,
			"is_auto_reply": 1 if auto_reply else 0,
			"dedupe_key": f"out:{frappe.generate_hash(length=20)}",
		}
	).insert(ignore_permissions=True)
	if not auto_reply:
		now = now_datetime()
		if not conversation.first_response_at:
			conversation.first_response_at = now
			conversation.first_response_minutes = minutes_between(conversation.first_inbound_at, now)
		conversation.waiting_since = None
		if conversation.status in ("New", "In Progress"):
			conversation.status = "Waiting for Customer"
		if not conversation.assignee and user and user != "Guest":
			conversation.assignee = user
	conversation.save(ignore_permissions=True)
	frappe.db.after_commit.add(
		lambda: frappe.enqueue(
			"pharmacy_ext.omnichannel.outbound.send_message", queue="short", message_name=message.name
		)
	)
	return message.name


def set_status(conversation_name: str, status: str):
	conversation = frappe.get_doc("Conversation", conversation_name)
	conversation.status = status
	if status in CLOSED:
		conversation.waiting_since = None
		conversation.resolved_at = now_datetime()
		conversation.resolution_minutes = minutes_between(
			conversation.first_inbound_at, conversation.resolved_at
		)
	conversation.save(ignore_permissions=True)
	if status in CLOSED:
		from frappe.desk.form.assign_to import close_all_assignments

		close_all_assignments("Conversation", conversation_name, ignore_permissions=True)


def minutes_between(start, end) -> float | None:
	return round(time_diff_in_seconds(end, start) / 60, 1) if start and end else None
