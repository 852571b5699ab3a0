"""Ingestion never loses or duplicates a message, forged webhooks are rejected and logged, replies are
retried with backoff, fail visibly, and are never sent twice."""

import json
from datetime import timedelta

import frappe
import requests
from frappe.utils import now_datetime
from twilio.request_validator import RequestValidator

from pharmacy_ext.omnichannel import testing as t
from pharmacy_ext.omnichannel.conversations import reply
from pharmacy_ext.omnichannel.ingest import retry, store_inbound
from pharmacy_ext.omnichannel.outbound import apply_delivery_status, send_message
from pharmacy_ext.omnichannel.test_channels import METHOD, OmnichannelTestCase

LOG = "Omnichannel Inbound Log"


class TestWebhookReliability(OmnichannelTestCase):
	def test_forged_telegram_secret_is_rejected_and_logged(self):
		frappe.cache.delete_value("omnichannel:rejected:127.0.0.1")
		before = frappe.db.count(LOG, {"status": "Rejected", "channel": "Telegram"})
		response, update_id = self.post_telegram("spam", t.unique_id(), secret="guess")
		self.assertEqual(response.status_code, 403)
		response, _ = self.post_telegram("spam", t.unique_id(), secret=None)
		self.assertEqual(response.status_code, 403)
		frappe.db.commit()
		self.assertEqual(frappe.db.count(LOG, {"status": "Rejected", "channel": "Telegram"}), before + 2)
		self.assertFalse(frappe.db.exists(LOG, {"dedupe_key": f"Telegram:{update_id}"}))

	def test_a_flood_of_forged_requests_is_not_all_logged(self):
		from pharmacy_ext.omnichannel.webhooks import REJECTED_LOGGED_PER_MINUTE

		frappe.cache.delete_value("omnichannel:rejected:127.0.0.1")
		before = frappe.db.count(LOG, {"status": "Rejected"})
		for _ in range(REJECTED_LOGGED_PER_MINUTE + 5):
			self.assertEqual(self.post_telegram("flood", 1, secret="guess")[0].status_code, 403)
		frappe.db.commit()
		self.assertEqual(frappe.db.count(LOG, {"status": "Rejected"}), before + REJECTED_LOGGED_PER_MINUTE)
		frappe.cache.delete_value("omnichannel:rejected:127.0.0.1")

	def test_forged_twilio_and_vk_are_rejected(self):
		response, sid = self.post_whatsapp("hi", "+79160000001", signed=False)
		self.assertEqual(response.status_code, 403)
		self.assertFalse(frappe.db.exists(LOG, {"dedupe_key": f"WhatsApp:{sid}"}))
		vk = requests.post(
			self.server + METHOD + "vk_webhook",
			json={"type": "message_new", "group_id": int(t.VK_GROUP), "secret": "nope", "event_id": "x"},
			timeout=10,
		)
		self.assertEqual(vk.status_code, 403)
		status = requests.post(
			self.server + METHOD + "whatsapp_status",
			data={"MessageSid": "SMx", "MessageStatus": "delivered"},
			headers={"X-Twilio-Signature": "forged"},
			timeout=10,
		)
		self.assertEqual(status.status_code, 403)

	def test_replayed_update_creates_nothing_new(self):
		user_id, update_id = t.unique_id(), t.unique_id()
		for _ in range(3):  # Telegram retries until it gets a 2xx; the same update arrives again
			response, _ = self.post_telegram("Повтор", user_id, update_id=update_id)
			self.assertEqual(response.status_code, 200)
		t.sweep()
		self.assertEqual(frappe.db.count(LOG, {"dedupe_key": f"Telegram:{update_id}"}), 1)
		headers = frappe.db.get_value(LOG, {"dedupe_key": f"Telegram:{update_id}"}, "headers")
		self.assertIn("python-requests", headers)
		self.assertNotIn(t.TELEGRAM_SECRET, headers)
		conversation = self.conversation_of("Telegram", user_id)
		self.assertEqual(len(self.messages(conversation.name, "Incoming")), 1)

	def test_concurrent_copies_of_one_update_are_stored_once(self):
		from concurrent.futures import ThreadPoolExecutor

		user_id, update_id = t.unique_id(), t.unique_id()
		with ThreadPoolExecutor(8) as pool:
			codes = list(
				pool.map(
					lambda _n: self.post_telegram("Дубль", user_id, update_id=update_id)[0].status_code,
					range(8),
				)
			)
		self.assertEqual(codes, [200] * 8)
		frappe.db.commit()
		self.assertEqual(frappe.db.count(LOG, {"dedupe_key": f"Telegram:{update_id}"}), 1)

	def test_processing_failure_is_visible_and_retryable(self):
		update_id = t.unique_id()
		broken = {"update_id": update_id, "message": {"chat": {"id": 5}, "text": "no message_id"}}
		log = store_inbound("Telegram", broken, f"Telegram:{update_id}")
		t.sweep()
		row = frappe.db.get_value(LOG, log, ["status", "attempts", "error"], as_dict=True)
		self.assertEqual(row.status, "Failed")
		self.assertEqual(row.attempts, 1)
		self.assertIn("KeyError", row.error)
		# Fixed (e.g. after a code fix) and retried from the log's Retry button.
		broken["message"]["message_id"] = 1
		broken["message"]["from"] = {"id": t.unique_id(), "first_name": "Retry"}
		frappe.db.set_value(LOG, log, "payload", json.dumps(broken))
		self.assertEqual(retry(log), "Processed")
		self.assertTrue(frappe.db.get_value(LOG, log, "conversation"))

	def test_retention_keeps_what_is_not_settled(self):
		from pharmacy_ext.omnichannel.doctype.omnichannel_inbound_log.omnichannel_inbound_log import (
			OmnichannelInboundLog,
		)

		logs = {}
		for status in ("Processed", "Failed"):
			update_id = t.unique_id()
			logs[status] = store_inbound("Telegram", {"update_id": update_id}, f"Telegram:{update_id}")
			frappe.db.set_value(
				LOG,
				logs[status],
				{"status": status, "modified": now_datetime() - timedelta(days=120)},
				update_modified=False,
			)
		OmnichannelInboundLog.clear_old_logs(90)
		self.assertFalse(frappe.db.exists(LOG, logs["Processed"]))
		self.assertTrue(frappe.db.exists(LOG, logs["Failed"]))
		frappe.db.delete(LOG, logs["Failed"])
		frappe.db.commit()


class TestOutboundReliability(OmnichannelTestCase):
	def conversation(self):
		user_id = t.unique_id()
		self.post_telegram("Вопрос", user_id)
		t.sweep()
		return self.conversation_of("Telegram", user_id)

	def test_transient_error_retried_with_backoff_then_sent_once(self):
		conversation = self.conversation()
		self.fake.fail_next = [(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})]
		message = reply(conversation.name, "Ответ с повтором", user=conversation.assignee)
		t.sweep()
		row = frappe.db.get_value(
			"Conversation Message", message, ["status", "attempts", "next_attempt_at", "error"], as_dict=True
		)
		self.assertEqual((row.status, row.attempts), ("Queued", 1))
		self.assertIn("502", row.error)
		self.assertGreater(row.next_attempt_at, now_datetime() + timedelta(seconds=20))
		t.sweep()  # not due yet
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "attempts"), 1)
		frappe.db.set_value(
			"Conversation Message", message, "next_attempt_at", now_datetime() - timedelta(seconds=1)
		)
		t.sweep()
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Sent")
		send_message(message)  # a late duplicate job
		sends = [
			c for c in self.fake.calls("/sendMessage") if json.loads(c["body"])["text"] == "Ответ с повтором"
		]
		self.assertEqual(len(sends), 2)  # one 502, one success: never a second success

	def test_final_failure_is_shown_on_the_message(self):
		conversation = self.conversation()
		self.fake.fail_next = [(500, {"ok": False, "error_code": 500, "description": "Internal"})] * 3
		message = reply(conversation.name, "Не дойдёт", user=conversation.assignee)
		for _ in range(3):
			frappe.db.set_value("Conversation Message", message, "next_attempt_at", None)
			t.sweep()
		row = frappe.db.get_value(
			"Conversation Message", message, ["status", "attempts", "error"], as_dict=True
		)
		self.assertEqual((row.status, row.attempts), ("Failed", 3))
		self.assertIn("after 3 attempts", row.error)

	def test_permanent_error_fails_at_once(self):
		conversation = self.conversation()
		self.fake.fail_next = [
			(400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
		]
		message = reply(conversation.name, "Чат удалён", user=conversation.assignee)
		t.sweep()
		row = frappe.db.get_value("Conversation Message", message, ["status", "error"], as_dict=True)
		self.assertEqual(row.status, "Failed")
		self.assertIn("chat not found", row.error)

	def test_disabled_channel_fails_visibly(self):
		conversation = self.conversation()
		frappe.db.set_single_value("Telegram Settings", "enabled", 0)
		try:
			message = reply(conversation.name, "Канал выключен", user=conversation.assignee)
			t.sweep()
		finally:
			frappe.db.set_single_value("Telegram Settings", "enabled", 1)
			frappe.db.commit()
		row = frappe.db.get_value("Conversation Message", message, ["status", "error"], as_dict=True)
		self.assertEqual(row.status, "Failed")
		self.assertIn("Telegram", row.error)

	def test_delivery_receipts_never_go_backwards(self):
		conversation = self.conversation()
		message = reply(conversation.name, "Квитанции", user=conversation.assignee)
		t.sweep()
		external_id = frappe.db.get_value("Conversation Message", message, "external_id")
		apply_delivery_status(external_id, "Read")
		apply_delivery_status(external_id, "Delivered")
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Read")

	def test_signed_status_callback_for_unknown_message_is_harmless(self):
		url = self.server + METHOD + "whatsapp_status"
		form = {"MessageSid": "SMunknown", "MessageStatus": "delivered", "AccountSid": t.TWILIO_SID}
		signature = RequestValidator(t.TWILIO_TOKEN).compute_signature(url, form)
		response = requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=10)
		self.assertEqual(response.status_code, 200)

	def test_message_stuck_in_sending_is_settled(self):
		from pharmacy_ext.omnichannel.outbound import deliver_pending

		conversation = self.conversation()
		message = reply(conversation.name, "Застряло", user=conversation.assignee)
		frappe.db.set_value(
			"Conversation Message",
			message,
			{"status": "Sending", "modified": now_datetime() - timedelta(minutes=11)},
			update_modified=False,
		)
		frappe.db.commit()
		deliver_pending()
		row = frappe.db.get_value("Conversation Message", message, ["status", "error"], as_dict=True)
		# Telegram cannot drop a repeat: not resent blindly, shown to the operator instead.
		self.assertEqual(row.status, "Failed")
		self.assertIn("not resent", row.error)

	def test_twilio_undelivered_receipt_marks_the_message_failed(self):
		phone = f"+7903{t.unique_id() % 10**7:07d}"
		self.post_whatsapp("Вопрос", phone)
		t.sweep()
		conversation = self.conversation_of("WhatsApp", phone)
		self.fake.callbacks_enabled = False
		try:
			message = reply(conversation.name, "Не дойдёт", user=conversation.assignee)
			t.sweep()
		finally:
			self.fake.callbacks_enabled = True
		sid = frappe.db.get_value("Conversation Message", message, "external_id")
		url = self.server + METHOD + "whatsapp_status"
		form = {
			"MessageSid": sid,
			"MessageStatus": "undelivered",
			"ErrorCode": "63016",
			"AccountSid": t.TWILIO_SID,
		}
		signature = RequestValidator(t.TWILIO_TOKEN).compute_signature(url, form)
		self.assertEqual(
			requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=10).status_code,
			200,
		)
		frappe.db.commit()
		row = frappe.db.get_value("Conversation Message", message, ["status", "error"], as_dict=True)
		self.assertEqual(row.status, "Failed")
		self.assertIn("63016", row.error)
