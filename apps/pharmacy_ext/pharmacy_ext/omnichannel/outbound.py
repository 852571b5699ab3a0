"""Sending replies: once, with retries and backoff on transient errors, a final failure on the message.

`send_message` claims the message under a row lock (Queued -> Sending, committed) before calling the
channel, so two workers, or a worker and the scheduler's `deliver_pending`, never send it twice. A message
stuck in Sending (the worker died mid-call) is retried only where the channel drops repeats itself (VK
random_id, the site's idempotency key); elsewhere it is marked Failed for the operator to look at.
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from pharmacy_ext.omnichannel.channels import channel_module
from pharmacy_ext.omnichannel.channels.base import SendError, TransientSendError

MESSAGE = "Conversation Message"
IDEMPOTENT_CHANNELS = ("VK", "Website", "App")
STUCK_AFTER = timedelta(minutes=10)
DELIVERY_RANK = {"Sent": 1, "Delivered": 2, "Read": 3}
CHANNEL_SETTINGS = {"Telegram": "Telegram Settings", "WhatsApp": "WhatsApp Settings", "VK": "VK Settings"}


def send_message(message_name: str):
	message = frappe.db.get_value(
		MESSAGE,
		message_name,
		["name", "status", "attempts", "next_attempt_at", "conversation"],
		as_dict=True,
		for_update=True,
	)
	now = now_datetime()
	if not message or message.status != "Queued":
		frappe.db.rollback()
		return
	if message.next_attempt_at and get_datetime(message.next_attempt_at) > now:
		frappe.db.rollback()
		return
	attempts = cint(message.attempts) + 1
	# modified is the claim time: deliver_pending settles claims older than STUCK_AFTER
	frappe.db.set_value(MESSAGE, message_name, {"status": "Sending", "attempts": attempts})
	frappe.db.commit()  # the claim is visible before the channel is called

	doc = frappe.get_doc(MESSAGE, message_name)
	conversation = frappe.get_doc("Conversation", doc.conversation)
	settings = frappe.get_cached_doc("Omnichannel Settings")
	try:
		settings_doctype = CHANNEL_SETTINGS.get(conversation.channel)
		if settings_doctype and not frappe.db.get_single_value(settings_doctype, "enabled"):
			raise SendError(
				_("The {0} channel is disabled in {1}").format(_(conversation.channel), _(settings_doctype))
			)
		external_id = channel_module(conversation.channel).send(conversation, doc)
	except TransientSendError as e:
		frappe.db.rollback()
		if attempts >= (cint(settings.max_send_attempts) or 5):
			_set(message_name, status="Failed", error=f"{e} (after {attempts} attempts)")
		else:
			backoff = (cint(settings.retry_backoff_seconds) or 30) * 2 ** (attempts - 1)
			_set(
				message_name, status="Queued", error=str(e), next_attempt_at=now + timedelta(seconds=backoff)
			)
		return
	except Exception as e:
		frappe.db.rollback()
		_set(message_name, status="Failed", error=str(e) or frappe.get_traceback())
		return
	_set(message_name, status="Sent", error=None, external_id=external_id, sent_at=now_datetime())


def _set(message_name: str, **values):
	frappe.db.set_value(MESSAGE, message_name, values, update_modified=False)
	frappe.db.commit()
	conversation = frappe.db.get_value(MESSAGE, message_name, "conversation")
	frappe.publish_realtime("omnichannel_update", {"conversation": conversation}, after_commit=False)


def deliver_pending(limit: int = 200) -> int:
	"""Scheduler (every minute): send what is due; settle messages stuck in Sending."""
	now = now_datetime()
	message = frappe.qb.DocType(MESSAGE)
	stuck = (
		frappe.qb.from_(message)
		.select(message.name, message.channel)
		.where((message.status == "Sending") & (message.modified < now - STUCK_AFTER))
	).run(as_dict=True)
	for row in stuck:
		if row.channel in IDEMPOTENT_CHANNELS:
			_set(row.name, status="Queued")
		else:
			_set(
				row.name,
				status="Failed",
				error="The sender stopped mid-call; not resent to avoid a duplicate",
			)
	due = (
		frappe.qb.from_(message)
		.select(message.name)
		.where(
			(message.status == "Queued")
			& (message.direction == "Outgoing")
			& (message.next_attempt_at.isnull() | (message.next_attempt_at <= now))
		)
		.orderby(message.creation)
		.limit(limit)
	).run(pluck=True)
	for name in due:
		send_message(name)
	return len(due)


def apply_delivery_status(external_id: str, status: str, error: str | None = None) -> bool:
	"""A channel's delivery receipt; never moves a message backwards (receipts arrive out of order)."""
	row = frappe.db.get_value(
		MESSAGE, {"external_id": external_id, "direction": "Outgoing"}, ["name", "status"], as_dict=True
	)
	if not row:
		return False
	if status == "Failed":
		if row.status in ("Sent", "Sending", "Queued"):
			_set(row.name, status="Failed", error=error or "Not delivered")
		return True
	if DELIVERY_RANK.get(status, 0) > DELIVERY_RANK.get(row.status, 0):
		_set(row.name, status=status)
	return True
