"""Credential checks run when a channel's settings get new credentials: one cheap call, with a timeout."""

import frappe
import requests
from frappe import _
from twilio.base.exceptions import TwilioRestException

from pharmacy_ext.omnichannel.channels.base import TIMEOUT


def new_secret(doc, fieldname: str) -> str | None:
	"""The value typed into a Password field in this save (None when it still holds the stored mask)."""
	value = doc.get(fieldname)
	return value if value and set(value) != {"*"} else None


def _fail(channel: str, detail: str):
	frappe.throw(
		_("{0} did not accept the credentials: {1}").format(channel, detail), title=_("Check failed")
	)


def check_telegram(base_url: str, token: str):
	try:
		body = requests.get(f"{base_url.rstrip('/')}/bot{token}/getMe", timeout=TIMEOUT).json()
	except (requests.RequestException, ValueError) as e:
		_fail("Telegram", str(e))
	if not body.get("ok"):
		_fail("Telegram", body.get("description") or "")


def check_vk(base_url: str, token: str, group_id: str, version: str):
	try:
		body = requests.post(
			f"{base_url.rstrip('/')}/method/groups.getById",
			data={"access_token": token, "group_id": group_id, "v": version},
			timeout=TIMEOUT,
		).json()
	except (requests.RequestException, ValueError) as e:
		_fail("VK", str(e))
	if "error" in body:
		_fail("VK", body["error"].get("error_msg") or "")


def check_twilio(client):
	try:
		client.api.v2010.accounts(client.username).fetch()
	except (TwilioRestException, requests.RequestException) as e:
		_fail("Twilio", getattr(e, "msg", None) or str(e))
