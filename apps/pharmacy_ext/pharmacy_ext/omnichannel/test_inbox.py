"""The operator inbox's methods, run as the operator: the queue order, the thread with history, a reply
on the channel, stock per pharmacy, one-click Opportunity and Sales Order customer; others are refused."""

from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from pharmacy_ext.omnichannel import inbox
from pharmacy_ext.omnichannel import testing as t
from pharmacy_ext.omnichannel.test_channels import OmnichannelTestCase
from pharmacy_ext.tests.fixtures import TEST_BRANCHES, ensure_test_item, receive_test_stock


class TestOperatorInbox(OmnichannelTestCase):
	def conversation(self, text):
		user_id = t.unique_id()
		self.post_telegram(text, user_id)
		t.sweep()
		return self.conversation_of("Telegram", user_id)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_longest_waiting_first_and_reply_goes_out(self):
		older, newer = self.conversation("Давно жду"), self.conversation("Только что")
		frappe.db.set_value("Conversation", older.name, "waiting_since", now_datetime() - timedelta(hours=3))
		frappe.db.commit()
		frappe.set_user(older.assignee)
		names = [row.name for row in inbox.get_inbox("all")]
		self.assertLess(names.index(older.name), names.index(newer.name))
		row = next(r for r in inbox.get_inbox("all") if r.name == older.name)
		self.assertGreaterEqual(row.waiting_minutes, 179)
		self.assertEqual(row.preview, "Давно жду")

		message = inbox.send_reply(older.name, "Уже отвечаем")
		frappe.set_user("Administrator")
		t.sweep()
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Sent")
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "sent_by"), older.assignee)

	def test_thread_history_and_one_click_documents(self):
		conversation = self.conversation("Хочу заказать")
		frappe.set_user(conversation.assignee)
		data = inbox.get_conversation(conversation.name)
		self.assertEqual([m.text for m in data["messages"]], ["Хочу заказать"])
		opportunity = inbox.create_opportunity(conversation.name)
		self.assertEqual(frappe.db.get_value("Opportunity", opportunity, "party_name"), conversation.lead)
		self.assertEqual(inbox.create_opportunity(conversation.name), opportunity)  # one per conversation
		customer = inbox.customer_for_order(conversation.name)
		self.assertEqual(frappe.db.get_value("Customer", customer, "lead_name"), conversation.lead)
		self.assertEqual(
			frappe.db.get_value("Customer", customer, "pharm_telegram_id"), conversation.channel_user_id
		)
		self.assertEqual(frappe.db.get_value("Conversation", conversation.name, "customer"), customer)
		inbox.set_status(conversation.name, "Resolved")
		self.assertEqual(frappe.db.get_value("Conversation", conversation.name, "status"), "Resolved")
		self.assertFalse(frappe.db.exists("ToDo", {"reference_name": conversation.name, "status": "Open"}))

	def test_failed_reply_can_be_sent_again_by_the_operator(self):
		conversation = self.conversation("Повторите")
		self.fake.fail_next = [(400, {"ok": False, "error_code": 400, "description": "Bad Request"})]
		frappe.set_user(conversation.assignee)
		message = inbox.send_reply(conversation.name, "Со второго раза")
		self.assertRaises(frappe.ValidationError, inbox.resend, message)  # not failed yet
		frappe.set_user("Administrator")
		t.sweep()
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Failed")
		frappe.set_user(conversation.assignee)
		inbox.resend(message)
		frappe.set_user("Administrator")
		t.sweep()
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Sent")

	def test_stock_per_pharmacy(self):
		item = ensure_test_item("_Test Omni Nurofen 200mg", item_name="_Test Омни Нурофен 200 мг")
		receive_test_stock(item, TEST_BRANCHES[1].name, 7, "_Test omnichannel stock")
		frappe.set_user(t.OPERATORS[0].email)
		found = inbox.item_availability("Омни Нурофен")
		self.assertEqual(found[0].item_code, item)
		self.assertIn({"branch": TEST_BRANCHES[1].name, "qty": 7.0}, found[0].stock)

	def test_staff_without_the_role_are_refused(self):
		conversation = self.conversation("Чужой")
		frappe.set_user("t01.pharmacist@pharmacy.test")
		self.assertRaises(frappe.PermissionError, inbox.get_inbox)
		self.assertRaises(frappe.PermissionError, inbox.send_reply, conversation.name, "нет")


class TestResponseTimesReport(OmnichannelTestCase):
	def test_first_response_by_channel_and_operator(self):
		from pharmacy_ext.omnichannel.conversations import reply
		from pharmacy_ext.omnichannel.report.conversation_response_times.conversation_response_times import (
			execute,
		)

		user_id = t.unique_id()
		self.post_telegram("Отчёт", user_id)
		t.sweep()
		conversation = self.conversation_of("Telegram", user_id)
		reply(conversation.name, "Ответ", user=conversation.assignee)
		frappe.db.commit()
		_columns, data, _message, chart = execute({"group_by": "Channel"})
		telegram = next(row for row in data if row["group"] == "Telegram")
		self.assertGreaterEqual(telegram["answered"], 1)
		self.assertIsNotNone(telegram["avg_first_response"])
		self.assertIn("Telegram", chart["data"]["labels"])
		_columns, by_operator, _m, _c = execute({"group_by": "Operator"})
		self.assertIn(conversation.assignee, [row["group"] for row in by_operator])
