"""Webhook endpoints of the channels (allow_guest; each one verifies its sender before anything else).

    POST /api/method/pharmacy_ext.omnichannel.webhooks.telegram_webhook X-Telegram-Bot-Api-Secret-Token
    POST /api/method/pharmacy_ext.omnichannel.webhooks.whatsapp_webhook X-Twilio-Signature (RequestValidator)
    POST /api/method/pharmacy_ext.omnichannel.webhooks.whatsapp_status X-Twilio-Signature
    POST /api/method/pharmacy_ext.omnichannel.webhooks.vk_webhook       "secret" in the body; confirmation
    POST /api/method/pharmacy_ext.omnichannel.webhooks.site_message    X-Client-Id + X-Api-Key
    POST /api/method/pharmacy_ext.omnichannel.webhooks.web_form        the /contact_pharmacy page (rate-limited)

A verified delivery is stored raw and acknowledged at once; processing runs in the background
(ingest.process_log, swept by the scheduler). A forged one gets 403 and a Rejected log row.
"""

import json

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint
from werkzeug.wrappers import Response

from pharmacy_ext.omnichannel.channels import site_api, telegram, vk, whatsapp
from pharmacy_ext.omnichannel.channels.base import secrets_match
from pharmacy_ext.omnichannel.ingest import store_inbound, store_rejected
from pharmacy_ext.omnichannel.outbound import apply_delivery_status

REJECTED_LOGGED_PER_MINUTE = 30
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _raw() -> str:
	return frappe.request.get_data(as_text=True) or ""


def _json_body() -> dict:
	try:
		body = json.loads(_raw() or "{}")
	except ValueError:
		body = None
	if not isinstance(body, dict):
		raise frappe.ValidationError(_("The request body must be a JSON object"))
	return body


def _reject(channel: str, reason: str) -> Response:
	# Logged for review, but a flood of forged requests from one address cannot fill the database.
	key = f"omnichannel:rejected:{frappe.local.request_ip}"
	count = cint(frappe.cache.get_value(key)) + 1
	frappe.cache.set_value(key, count, expires_in_sec=60)
	if count <= REJECTED_LOGGED_PER_MINUTE:
		store_rejected(channel, _raw()[:20000], reason, frappe.local.request_ip)
	return Response("forbidden", status=403, mimetype="text/plain")


@frappe.whitelist(allow_guest=True, methods=["POST"])
def telegram_webhook():
	if not secrets_match(
		telegram.webhook_secret(), frappe.get_request_header("X-Telegram-Bot-Api-Secret-Token")
	):
		return _reject("Telegram", "Secret token missing or wrong")
	payload = _json_body()
	store_inbound("Telegram", payload, telegram.delivery_id(payload), frappe.local.request_ip)
	return Response("ok", mimetype="text/plain")


@frappe.whitelist(allow_guest=True, methods=["POST"])
def whatsapp_webhook():
	form = frappe.request.form.to_dict()
	if not whatsapp.signature_valid(frappe.request, form):
		return _reject("WhatsApp", "Twilio signature missing or wrong")
	store_inbound("WhatsApp", form, whatsapp.delivery_id(form), frappe.local.request_ip)
	return Response(EMPTY_TWIML, mimetype="text/xml")


@frappe.whitelist(allow_guest=True, methods=["POST"])
def whatsapp_status():
	form = frappe.request.form.to_dict()
	if not whatsapp.signature_valid(frappe.request, form):
		return _reject("WhatsApp", "Twilio status callback signature missing or wrong")
	status = whatsapp.STATUS_MAP.get(form.get("MessageStatus"))
	if status and form.get("MessageSid"):
		error = (
			form.get("ErrorCode")
			and f"Twilio error {form.get('ErrorCode')}: {form.get('ErrorMessage') or ''}"
		)
		apply_delivery_status(form["MessageSid"], status, error)
	return Response(EMPTY_TWIML, mimetype="text/xml")


@frappe.whitelist(allow_guest=True, methods=["POST"])
def vk_webhook():
	payload = _json_body()
	settings = frappe.get_cached_doc("VK Settings")
	if not secrets_match(vk.secret_key(), payload.get("secret")):
		return _reject("VK", "Secret key missing or wrong")
	if str(payload.get("group_id")) != str(settings.group_id):
		return _reject("VK", "Unknown community")
	if payload.get("type") == "confirmation":
		return Response(settings.confirmation_code or "", mimetype="text/plain")
	store_inbound("VK", payload, vk.delivery_id(payload), frappe.local.request_ip)
	return Response("ok", mimetype="text/plain")


@frappe.whitelist(allow_guest=True, methods=["POST"])
def site_message():
	client = site_api.authenticate(
		frappe.get_request_header("X-Client-Id"), frappe.get_request_header("X-Api-Key")
	)
	if not client:
		return _reject("Website", "API client unknown, disabled or wrong key")
	body = _json_body()
	missing = [key for key in ("message_id", "user_id", "text") if not body.get(key)]
	if missing:
		frappe.throw(_("Missing fields: {0}").format(", ".join(missing)))
	payload = {"client": client.name, "channel": client.channel, "body": body}
	stored = store_inbound(client.channel, payload, site_api.delivery_id(payload), frappe.local.request_ip)
	return {"status": "queued" if stored else "duplicate"}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=5, seconds=60)
def web_form(name: str, email: str, text: str, phone: str | None = None):
	"""The site's contact form (www/contact_pharmacy, /contact_pharmacy): answered by e-mail, so the address is required."""
	from frappe.utils import validate_email_address

	if not (text or "").strip():
		frappe.throw(_("Write your question"))
	if not validate_email_address(email or ""):
		frappe.throw(_("Enter a valid e-mail address"))
	message_id = frappe.generate_hash(length=20)
	body = {
		"message_id": message_id,
		"user_id": email.strip().lower(),
		"text": text[:5000],
		"name": name[:140],
	}
	body.update({"email": email.strip().lower(), "phone": phone})
	payload = {"client": site_api.WEB_FORM, "channel": "Website", "body": body}
	store_inbound("Website", payload, site_api.delivery_id(payload), frappe.local.request_ip)
	return {"status": "queued"}
