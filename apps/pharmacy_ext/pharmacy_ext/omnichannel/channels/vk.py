"""VK Callback API in, messages.send out.

Callback URL (community settings -> API -> Callback API):
    /api/method/pharmacy_ext.omnichannel.webhooks.vk_webhook
VK first sends {"type": "confirmation"} and expects the confirmation string; every event carries the
secret key. messages.send gets a random_id derived from our idempotency key, so VK itself drops a repeat.
"""

import hashlib

import frappe

from pharmacy_ext.omnichannel.channels.base import InboundMessage, SendError, TransientSendError, post

SETTINGS = "VK Settings"
TRANSIENT_ERRORS = {1, 6, 9, 10}  # unknown, too many requests per second, flood control, internal error


def secret_key() -> str | None:
	return frappe.utils.password.get_decrypted_password(
		SETTINGS, SETTINGS, "secret_key", raise_exception=False
	)


def delivery_id(payload: dict) -> str | None:
	event_id = payload.get("event_id")
	return f"VK:{event_id}" if event_id else None


def parse(payload: dict) -> InboundMessage | None:
	if payload.get("type") != "message_new":
		return None
	message = (payload.get("object") or {}).get("message") or {}
	if not message.get("peer_id"):
		return None
	return InboundMessage(
		channel="VK",
		message_id=f"{message['peer_id']}:{message.get('conversation_message_id') or message.get('id')}",
		chat_id=str(message["peer_id"]),
		text=message.get("text") or "",
		channel_user_id=str(message.get("from_id") or message["peer_id"]),
	)


def random_id(idempotency_key: str) -> int:
	return int(hashlib.sha1(idempotency_key.encode()).hexdigest()[:8], 16) & 0x7FFFFFFF


def send(conversation, message) -> str:
	settings = frappe.get_cached_doc(SETTINGS)
	token = settings.get_password("access_token", raise_exception=False)
	if not token:
		raise SendError(frappe._("VK community access token is not set"))
	base = (settings.api_base_url or "https://api.vk.com").rstrip("/")
	response = post(
		f"{base}/method/messages.send",
		data={
			"access_token": token,
			"v": settings.api_version or "5.199",
			"peer_id": conversation.external_chat_id,
			"random_id": random_id(message.dedupe_key),
			"message": message.text,
		},
	)
	try:
		body = response.json()
	except ValueError as e:
		raise TransientSendError(f"VK answered with non-JSON: {response.text[:200]}") from e
	if "error" in body:
		error = body["error"]
		exc = TransientSendError if error.get("error_code") in TRANSIENT_ERRORS else SendError
		raise exc(f"VK {error.get('error_code')}: {error.get('error_msg')}")
	return str(body.get("response"))
