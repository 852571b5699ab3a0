"""Work notices to staff on the channel each employee chose (Employee "Work Notifications Via"): the desk always,
plus e-mail or a message from the chain's Telegram bot. Used by shift swaps; any capability can call it.

Sending runs in a background job after the commit, so a slow channel never holds up the approval that caused it;
a failure is logged (Error Log) and the desk notification still stands.
"""

import frappe

from pharmacy_ext.omnichannel.channels import telegram
from pharmacy_ext.omnichannel.channels.base import SendError


def preferred_channels(users: list[str]) -> dict[str, tuple[str, str | None]]:
	"""{user: (channel, address)} for users with an Employee record asking for more than the desk."""
	rows = frappe.get_all(
		"Employee",
		filters={"user_id": ["in", users or [""]], "status": "Active"},
		fields=["user_id", "pharm_notify_via", "pharm_telegram_chat_id", "prefered_email"],
	)
	channels = {}
	for row in rows:
		if row.pharm_notify_via == "Telegram" and row.pharm_telegram_chat_id:
			channels[row.user_id] = ("Telegram", row.pharm_telegram_chat_id)
		elif row.pharm_notify_via == "E-mail":
			channels[row.user_id] = ("E-mail", row.prefered_email or row.user_id)
	return channels


def notify_staff(users: list[str], subject: str, reference_doctype: str, reference_name: str) -> dict:
	"""Queue each user's notice on their channel; returns what was queued, {user: channel}."""
	queued = {}
	for user, (channel, address) in preferred_channels(users).items():
		if channel == "E-mail" and not frappe.db.exists(
			"Email Account", {"default_outgoing": 1, "enable_outgoing": 1}
		):
			continue
		frappe.enqueue(
			"pharmacy_ext.network.staff_notify.deliver",
			queue="short",
			enqueue_after_commit=True,
			channel=channel,
			address=address,
			subject=subject,
			link=frappe.utils.get_url_to_form(reference_doctype, reference_name),
			reference_doctype=reference_doctype,
			reference_name=reference_name,
		)
		queued[user] = channel
	return queued


def deliver(channel: str, address: str, subject: str, link: str, reference_doctype=None, reference_name=None):
	"""The job: one notice on one channel."""
	if channel == "E-mail":
		frappe.sendmail(
			recipients=[address],
			subject=subject,
			message=f'{frappe.utils.escape_html(subject)}<br><a href="{link}">{link}</a>',
			reference_doctype=reference_doctype,
			reference_name=reference_name,
		)
		return
	try:
		telegram.send(frappe._dict(external_chat_id=address), frappe._dict(text=f"{subject}\n{link}"))
	except SendError:
		frappe.log_error(title=f"Staff notice by Telegram to {address} failed")
		raise
