"""E-mail through Frappe's Email Account: received Communications join the inbox, replies go as mail.

Only accounts flagged "Incoming Mail Goes to the Omnichannel Inbox" (custom field on Email Account) feed it.
A reply is a Communication on the Conversation sent with frappe's mail queue, threaded by the sender's address.
"""

import frappe
from frappe.utils import strip_html

from pharmacy_ext.omnichannel.channels.base import InboundMessage


def on_communication(doc, method=None):
	"""Communication after_insert: queue a received e-mail of an omnichannel account for the inbox."""
	if doc.communication_medium != "Email" or doc.sent_or_received != "Received" or not doc.email_account:
		return
	if not frappe.db.get_value("Email Account", doc.email_account, "pharm_omnichannel"):
		return
	from pharmacy_ext.omnichannel.ingest import store_inbound

	payload = {
		"communication": doc.name,
		"message_id": doc.message_id or doc.name,
		"sender": doc.sender,
		"sender_full_name": doc.sender_full_name,
		"subject": doc.subject,
		"content": strip_html(doc.content or "")[:20000],
	}
	store_inbound("Email", payload, f"Email:{payload['message_id']}", commit=False)


def delivery_id(payload: dict) -> str | None:
	return f"Email:{payload['message_id']}"


def parse(payload: dict) -> InboundMessage | None:
	sender = (payload.get("sender") or "").strip().lower()
	if not sender:
		return None
	subject = payload.get("subject") or ""
	text = payload.get("content") or ""
	return InboundMessage(
		channel="Email",
		message_id=payload["message_id"],
		chat_id=sender,
		text=f"{subject}\n\n{text}".strip() if subject else text,
		sender_name=payload.get("sender_full_name") or "",
		email=sender,
	)


def after_receive(payload: dict, conversation: str):
	"""Link the received e-mail to its conversation (shown in the conversation's timeline)."""
	communication = payload.get("communication")
	if not communication or not frappe.db.exists("Communication", communication):
		return
	values = {"pharm_conversation": conversation}
	if not frappe.db.get_value("Communication", communication, "reference_doctype"):
		values.update({"reference_doctype": "Conversation", "reference_name": conversation})
	frappe.db.set_value("Communication", communication, values, update_modified=False)


def send(conversation, message) -> str:
	from frappe.core.doctype.communication.email import make

	result = make(
		doctype="Conversation",
		name=conversation.name,
		subject=frappe._("Re: your message to the pharmacy"),
		content=message.text,
		recipients=conversation.email or conversation.external_chat_id,
		send_email=True,
		communication_medium="Email",
		sent_or_received="Sent",
	)
	return result["name"]
