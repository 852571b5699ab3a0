"""The chain's own site and mobile app: an authenticated REST endpoint in, a signed reply webhook out.

Endpoint (POST JSON, headers X-Client-Id and X-Api-Key of a Channel API Client):
    /api/method/pharmacy_ext.omnichannel.webhooks.site_message
    {"message_id": "...", "user_id": "...", "text": "...", "name": "...", "phone": "...", "email": "..."}
Replies are POSTed to the client's Reply Webhook URL as {"message_id", "user_id", "text"} with
X-Signature = hex HMAC-SHA256(API key, body) and X-Idempotency-Key, so the client can drop a repeat.
"""

import hashlib
import hmac
import json

import frappe

from pharmacy_ext.omnichannel.channels.base import InboundMessage, SendError, post, secrets_match

DOCTYPE = "Channel API Client"
WEB_FORM = "web-form"  # the site's contact form: no API client, replies go by e-mail


def authenticate(client_id: str | None, api_key: str | None) -> dict | None:
	"""The enabled client whose key matches, else None."""
	if not client_id or not api_key:
		return None
	client = frappe.db.get_value(DOCTYPE, client_id, ["name", "channel", "enabled"], as_dict=True)
	if not client or not client.enabled:
		return None
	expected = frappe.utils.password.get_decrypted_password(
		DOCTYPE, client.name, "api_key", raise_exception=False
	)
	return client if secrets_match(expected, api_key) else None


def delivery_id(payload: dict) -> str | None:
	message_id = (payload.get("body") or {}).get("message_id")
	return f"{payload.get('client')}:{message_id}" if message_id else None


def parse(payload: dict) -> InboundMessage | None:
	body = payload.get("body") or {}
	if not body.get("user_id") or not body.get("text"):
		return None
	return InboundMessage(
		channel=payload["channel"],
		message_id=f"{payload['client']}:{body['message_id']}",
		chat_id=f"{payload['client']}:{body['user_id']}",
		text=str(body["text"]),
		sender_name=str(body.get("name") or ""),
		phone=body.get("phone"),
		email=body.get("email"),
		api_client=None if payload["client"] == WEB_FORM else payload["client"],
	)


def send(conversation, message) -> str:
	if not conversation.api_client:
		from pharmacy_ext.omnichannel.channels import email

		return email.send(conversation, message)
	client = frappe.get_doc(DOCTYPE, conversation.api_client)
	if not client.reply_webhook_url:
		raise SendError(frappe._("API client {0} has no reply webhook URL").format(client.name))
	body = json.dumps(
		{
			"message_id": message.dedupe_key,
			"user_id": conversation.external_chat_id.split(":", 1)[-1],
			"text": message.text,
		},
		ensure_ascii=False,
	).encode()
	signature = hmac.new(client.get_password("api_key").encode(), body, hashlib.sha256).hexdigest()
	response = post(
		client.reply_webhook_url,
		data=body,
		headers={
			"Content-Type": "application/json",
			"X-Signature": signature,
			"X-Idempotency-Key": message.dedupe_key,
		},
	)
	if not response.ok:
		raise SendError(f"HTTP {response.status_code}: {response.text[:300]}")
	return message.dedupe_key
