"""Telegram Bot API: webhook updates in, sendMessage out.

Webhook URL (set with setWebhook, secret_token = Telegram Settings' webhook secret):
    /api/method/pharmacy_ext.omnichannel.webhooks.telegram_webhook
Telegram sends the secret back in X-Telegram-Bot-Api-Secret-Token; the Bot API has no delivery receipts,
so a reply is final at "Sent".
"""

import frappe

from pharmacy_ext.omnichannel.channels.base import InboundMessage, SendError, TransientSendError, post

SETTINGS = "Telegram Settings"
ATTACHMENTS = {
	"photo": "Photo",
	"document": "File",
	"voice": "Voice message",
	"video": "Video",
	"sticker": "Sticker",
}


def webhook_secret() -> str | None:
	return frappe.utils.password.get_decrypted_password(
		SETTINGS, SETTINGS, "webhook_secret", raise_exception=False
	)


def delivery_id(payload: dict) -> str | None:
	update_id = payload.get("update_id")
	return f"Telegram:{update_id}" if update_id is not None else None


def parse(payload: dict) -> InboundMessage | None:
	message = payload.get("message") or payload.get("business_message")
	if not message or "chat" not in message:
		return None  # edits, callbacks, member updates: nothing for an operator
	sender = message.get("from") or {}
	contact = message.get("contact") or {}
	text = message.get("text") or message.get("caption") or ""
	if contact and not text:
		text = frappe._("Shared the phone number {0}").format(contact.get("phone_number"))
	attached = next((kind for kind in ATTACHMENTS if kind in message), None)
	if attached:  # the file stays in Telegram; the operator sees that one came
		text = f"[{frappe._(ATTACHMENTS[attached])}] {text}".strip()
	name = " ".join(filter(None, [sender.get("first_name"), sender.get("last_name")]))
	return InboundMessage(
		channel="Telegram",
		message_id=f"{message['chat']['id']}:{message['message_id']}",
		chat_id=str(message["chat"]["id"]),
		text=text,
		sender_name=name or sender.get("username") or "",
		# Only a contact the user shared about themselves identifies them by phone.
		phone=contact.get("phone_number") if contact.get("user_id") == sender.get("id") else None,
		channel_user_id=str(sender["id"]) if sender.get("id") else None,
	)


def send(conversation, message) -> str:
	settings = frappe.get_cached_doc(SETTINGS)
	token = settings.get_password("bot_token", raise_exception=False)
	if not token:
		raise SendError(frappe._("Telegram bot token is not set"))
	base = (settings.api_base_url or "https://api.telegram.org").rstrip("/")
	response = post(
		f"{base}/bot{token}/sendMessage",
		json={"chat_id": conversation.external_chat_id, "text": message.text},
	)
	body = _json(response)
	if not body.get("ok"):
		description = body.get("description") or response.text[:300]
		if body.get("error_code") == 429:
			raise TransientSendError(description)
		raise SendError(description)
	return str(body["result"]["message_id"])


def _json(response) -> dict:
	try:
		return response.json()
	except ValueError:
		return {}
