"""WhatsApp through Twilio: signed webhooks in, the Twilio REST client out, status callbacks back.

Webhook URLs (Twilio console, "A message comes in" / status callback):
    /api/method/pharmacy_ext.omnichannel.webhooks.whatsapp_webhook
    /api/method/pharmacy_ext.omnichannel.webhooks.whatsapp_status
Both are verified with Twilio's RequestValidator (X-Twilio-Signature over the public URL and the form).
"""

import frappe
import requests
from frappe.utils import cint
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from pharmacy_ext.omnichannel.channels.base import TIMEOUT, InboundMessage, SendError, TransientSendError

SETTINGS = "WhatsApp Settings"
TWILIO_API = "https://api.twilio.com"
STATUS_PATH = "/api/method/pharmacy_ext.omnichannel.webhooks.whatsapp_status"
# Twilio MessageStatus -> our delivery status
STATUS_MAP = {
	"sent": "Sent",
	"delivered": "Delivered",
	"read": "Read",
	"failed": "Failed",
	"undelivered": "Failed",
}


class BaseUrlHttpClient(TwilioHttpClient):
	"""Twilio's own HTTP client, sent to another base URL (a regional proxy or a test server)."""

	def __init__(self, base_url: str):
		super().__init__(timeout=TIMEOUT[1])
		self.base_url = base_url.rstrip("/")

	def request(self, method, url, *args, **kwargs):
		if url.startswith(TWILIO_API):
			url = self.base_url + url[len(TWILIO_API) :]
		return super().request(method, url, *args, **kwargs)


def auth_token() -> str | None:
	return frappe.utils.password.get_decrypted_password(
		SETTINGS, SETTINGS, "auth_token", raise_exception=False
	)


def public_url(request) -> str:
	"""The URL Twilio signed: the configured public base plus the path and query we were called on."""
	base = frappe.db.get_single_value("Omnichannel Settings", "webhook_base_url")
	if not base:
		return request.url
	query = request.query_string.decode()
	return base.rstrip("/") + request.path + (f"?{query}" if query else "")


def signature_valid(request, form: dict) -> bool:
	token = auth_token()
	signature = request.headers.get("X-Twilio-Signature")
	if not token or not signature:
		return False
	return RequestValidator(token).validate(public_url(request), form, signature)


def delivery_id(payload: dict) -> str | None:
	sid = payload.get("MessageSid") or payload.get("SmsMessageSid")
	return f"WhatsApp:{sid}" if sid else None


def parse(payload: dict) -> InboundMessage | None:
	sender = (payload.get("From") or "").removeprefix("whatsapp:")
	if not sender or not payload.get("MessageSid"):
		return None
	# Photos of a prescription or a pack arrive as media links (NumMedia, MediaUrl0..n).
	media = [payload.get(f"MediaUrl{i}") for i in range(cint(payload.get("NumMedia")))]
	text = "\n".join(filter(None, [payload.get("Body") or "", *media]))
	return InboundMessage(
		channel="WhatsApp",
		message_id=payload["MessageSid"],
		chat_id=sender,
		text=text,
		sender_name=payload.get("ProfileName") or "",
		phone=sender,
		channel_user_id=payload.get("WaId"),
	)


def client() -> Client:
	settings = frappe.get_cached_doc(SETTINGS)
	token = settings.get_password("auth_token", raise_exception=False)
	if not settings.account_sid or not token:
		raise SendError(frappe._("Twilio account SID or auth token is not set"))
	http_client = BaseUrlHttpClient(settings.api_base_url or TWILIO_API)
	return Client(settings.account_sid, token, http_client=http_client)


def send(conversation, message) -> str:
	settings = frappe.get_cached_doc(SETTINGS)
	base = frappe.db.get_single_value("Omnichannel Settings", "webhook_base_url")
	try:
		sent = client().messages.create(
			from_=f"whatsapp:{settings.from_number}",
			to=f"whatsapp:{conversation.external_chat_id}",
			body=message.text,
			status_callback=(base.rstrip("/") + STATUS_PATH) if base else None,
		)
	except TwilioRestException as e:
		if e.status == 429 or e.status >= 500:
			raise TransientSendError(f"Twilio {e.status}: {e.msg}") from e
		raise SendError(f"Twilio {e.status} ({e.code}): {e.msg}") from e
	except requests.RequestException as e:
		raise TransientSendError(f"{type(e).__name__}: {e}") from e
	return sent.sid
