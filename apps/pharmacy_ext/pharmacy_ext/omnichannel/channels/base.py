"""What every channel shares: the parsed inbound message, send errors, and the HTTP call with a timeout."""

import hmac
from dataclasses import dataclass

import requests

TIMEOUT = (5, 15)  # connect, read seconds: a slow channel API must not hold a worker for long


@dataclass
class InboundMessage:
	channel: str
	message_id: str  # the channel's id of this message: a repeated delivery has the same one
	chat_id: str  # where a reply goes (Telegram chat, WhatsApp number, VK peer, e-mail address, site user)
	text: str
	sender_name: str = ""
	phone: str | None = None
	email: str | None = None
	channel_user_id: str | None = None  # Telegram / VK user id, stored on the Lead / Customer
	api_client: str | None = None


class SendError(Exception):
	"""The channel refused the message for good (bad chat id, blocked bot): retrying will not help."""


class TransientSendError(SendError):
	"""Worth another try later: timeouts, connection errors, HTTP 429 and 5xx, flood control."""


def secrets_match(expected: str | None, given: str | None) -> bool:
	"""Constant-time comparison; an unset secret never matches."""
	if not expected or not given:
		return False
	return hmac.compare_digest(expected.encode(), given.encode())


def post(url: str, **kwargs) -> requests.Response:
	"""POST with a timeout; network trouble and 429/5xx become TransientSendError."""
	try:
		response = requests.post(url, timeout=TIMEOUT, **kwargs)
	except (requests.Timeout, requests.ConnectionError) as e:
		raise TransientSendError(f"{type(e).__name__}: {e}") from e
	if response.status_code == 429 or response.status_code >= 500:
		raise TransientSendError(f"HTTP {response.status_code}: {response.text[:300]}")
	return response
