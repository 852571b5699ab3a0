"""Loopback stand-ins for the channels' APIs, speaking their documented wire formats (tests, benchmark).

One `FakeChannelServer` answers Telegram's sendMessage, Twilio's Messages resource (and then posts the
signed status callbacks Twilio would), VK's messages.send (dropping a repeated random_id as VK does) and
the site's reply webhook. `fail_next` queues error answers to exercise retries.
"""

import base64
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import requests
from twilio.request_validator import RequestValidator


class FakeChannelServer:
	def __init__(self, telegram_token="", twilio_sid="", twilio_token="", vk_token=""):
		self.telegram_token, self.twilio_sid, self.twilio_token, self.vk_token = (
			telegram_token,
			twilio_sid,
			twilio_token,
			vk_token,
		)
		self.requests: list[dict] = []
		self.telegram_webhook: dict | None = None
		self.callbacks_enabled = True  # post Twilio status callbacks after accepting a message
		self.fail_next: list[tuple[int, dict]] = []
		self.callbacks_sent: list[dict] = []
		self.vk_random_ids: dict[int, int] = {}
		self._ids = itertools.count(1000)
		self._lock = threading.RLock()
		handler = type("Handler", (_Handler,), {"fake": self})
		self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
		self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
		threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

	def stop(self):
		self.httpd.shutdown()
		self.httpd.server_close()

	def calls(self, path_part: str) -> list[dict]:
		return [r for r in self.requests if path_part in r["path"]]

	def next_id(self) -> int:
		with self._lock:
			return next(self._ids)

	# ---------------------------------------------------------------- vendor answers

	def answer(self, path: str, headers, body: bytes) -> tuple[int, dict | str]:
		if self.fail_next:
			return self.fail_next.pop(0)
		if path.startswith("/bot") and path.endswith("/sendMessage"):
			return self.telegram_send(path, json.loads(body or b"{}"))
		if path.startswith("/bot") and path.endswith(("/getMe", "/setWebhook")):
			if not path.startswith(f"/bot{self.telegram_token}/"):
				return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
			if path.endswith("/setWebhook"):
				self.telegram_webhook = json.loads(body or b"{}")
				return 200, {"ok": True, "result": True, "description": "Webhook was set"}
			return 200, {
				"ok": True,
				"result": {"id": 123456, "is_bot": True, "first_name": "Аптека", "username": "pharmacy_bot"},
			}
		if path == f"/2010-04-01/Accounts/{self.twilio_sid}.json":
			return self.twilio_account(headers)
		if path.startswith("/2010-04-01/Accounts/") and path.endswith("/Messages.json"):
			return self.twilio_create(headers, parse_qs(body.decode()))
		if path == "/method/messages.send":
			return self.vk_send(parse_qs(body.decode()))
		if path == "/method/groups.getById":
			if parse_qs(body.decode()).get("access_token", [""])[0] != self.vk_token:
				return 200, {
					"error": {"error_code": 5, "error_msg": "User authorization failed: invalid access_token"}
				}
			return 200, {"response": {"groups": [{"id": 777, "name": "Аптека", "screen_name": "pharmacy"}]}}
		if path == "/site/reply":
			return 200, {"received": True}
		return 404, {"error": "not found"}

	def telegram_send(self, path, body):
		if path != f"/bot{self.telegram_token}/sendMessage":
			return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
		if not body.get("chat_id") or not body.get("text"):
			return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
		message = {
			"message_id": self.next_id(),
			"date": int(time.time()),
			"chat": {"id": int(body["chat_id"]), "type": "private"},
			"text": body["text"],
		}
		return 200, {"ok": True, "result": message}

	def twilio_authorized(self, headers) -> bool:
		expected = "Basic " + base64.b64encode(f"{self.twilio_sid}:{self.twilio_token}".encode()).decode()
		return headers.get("Authorization") == expected

	def twilio_account(self, headers):
		if not self.twilio_authorized(headers):
			return 401, {"code": 20003, "message": "Authenticate", "status": 401}
		return 200, {"sid": self.twilio_sid, "friendly_name": "Pharmacy", "status": "active", "type": "Full"}

	def twilio_create(self, headers, form):
		if not self.twilio_authorized(headers):
			return 401, {"code": 20003, "message": "Authenticate", "status": 401}
		sid = f"SM{self.next_id():032d}"
		resource = {
			"sid": sid,
			"account_sid": self.twilio_sid,
			"from": form["From"][0],
			"to": form["To"][0],
			"body": form["Body"][0],
			"status": "queued",
			"num_segments": "1",
			"direction": "outbound-api",
			"api_version": "2010-04-01",
			"uri": f"/2010-04-01/Accounts/{self.twilio_sid}/Messages/{sid}.json",
		}
		if form.get("StatusCallback") and self.callbacks_enabled:
			threading.Thread(
				target=self.post_twilio_statuses, args=(form["StatusCallback"][0], sid, form), daemon=True
			).start()
		return 201, resource

	def post_twilio_statuses(self, url, sid, form, statuses=("sent", "delivered")):
		"""What Twilio does after accepting a message: signed form POSTs to the StatusCallback URL."""
		time.sleep(0.2)
		for status in statuses:
			params = {
				"MessageSid": sid,
				"SmsSid": sid,
				"AccountSid": self.twilio_sid,
				"From": form["From"][0],
				"To": form["To"][0],
				"MessageStatus": status,
				"SmsStatus": status,
				"ApiVersion": "2010-04-01",
			}
			signature = RequestValidator(self.twilio_token).compute_signature(url, params)
			response = requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
			self.callbacks_sent.append({"status": status, "code": response.status_code})

	def vk_send(self, form):
		if form.get("access_token", [""])[0] != self.vk_token:
			return 200, {"error": {"error_code": 5, "error_msg": "User authorization failed"}}
		random_id = int(form["random_id"][0])
		with self._lock:
			if random_id not in self.vk_random_ids:  # VK: the same random_id is not sent again
				self.vk_random_ids[random_id] = self.next_id()
		return 200, {"response": self.vk_random_ids[random_id]}


class _Handler(BaseHTTPRequestHandler):
	fake: FakeChannelServer

	def do_GET(self):
		self.do_POST()

	def do_POST(self):
		body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
		self.fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
		status, answer = self.fake.answer(self.path, self.headers, body)
		payload = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
		self.send_response(status)
		self.send_header("Content-Type", "application/json")
		self.send_header("Content-Length", str(len(payload)))
		self.end_headers()
		self.wfile.write(payload)

	def log_message(self, *args):
		pass
