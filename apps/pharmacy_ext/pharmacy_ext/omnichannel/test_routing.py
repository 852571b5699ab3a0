"""Routing by shift and load, the off-hours auto-reply, escalation after N minutes, one history per person
across channels, and e-mail threaded into the same inbox."""

from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from pharmacy_ext.omnichannel import testing as t
from pharmacy_ext.omnichannel.conversations import reply
from pharmacy_ext.omnichannel.routing import escalate_unanswered, open_load, operators_on_shift
from pharmacy_ext.omnichannel.test_channels import OmnichannelTestCase

OPERATOR_1, OPERATOR_2 = (s.email for s in t.OPERATORS)


class TestRouting(OmnichannelTestCase):
	def new_telegram_conversation(self, text="Здравствуйте"):
		user_id = t.unique_id()
		self.post_telegram(text, user_id)
		t.sweep()
		return self.conversation_of("Telegram", user_id)

	def test_least_loaded_operator_on_shift_gets_it(self):
		self.assertEqual(sorted(operators_on_shift()), [OPERATOR_1, OPERATOR_2])
		load = open_load([OPERATOR_1, OPERATOR_2])
		expected = min((OPERATOR_1, OPERATOR_2), key=lambda user: (load[user], user))
		self.assertEqual(self.new_telegram_conversation().assignee, expected)

	def test_checked_out_operator_is_off_the_line(self):
		employee = frappe.db.get_value("Employee", {"user_id": OPERATOR_1})
		frappe.get_doc(
			{
				"doctype": "Employee Checkin",
				"employee": employee,
				"log_type": "OUT",
				"time": now_datetime() - timedelta(minutes=1),
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		self.assertEqual(operators_on_shift(), [OPERATOR_2])
		self.assertEqual(self.new_telegram_conversation().assignee, OPERATOR_2)

	def test_nobody_on_shift_gets_one_auto_reply_with_the_time(self):
		t.set_operators_on_shift(False)
		user_id = t.unique_id()
		self.post_telegram("Ночью пишу", user_id)
		t.sweep()
		conversation = self.conversation_of("Telegram", user_id)
		self.assertFalse(conversation.assignee)
		self.assertTrue(conversation.waiting_since)  # still unanswered by a person
		auto = self.messages(conversation.name, "Outgoing")
		self.assertEqual(len(auto), 1)
		self.assertTrue(auto[0].is_auto_reply)
		self.assertEqual(auto[0].status, "Sent")
		self.assertRegex(auto[0].text, r"\d\d\.\d\d\.\d{4} \d\d:\d\d")
		self.post_telegram("Ещё вопрос", user_id)
		t.sweep()
		self.assertEqual(len(self.messages(conversation.name, "Outgoing")), 1)

	def test_unanswered_conversation_escalates_after_n_minutes(self):
		conversation = self.new_telegram_conversation("Срочно!")
		first = conversation.assignee
		now = now_datetime()
		frappe.db.set_value("Conversation", conversation.name, "waiting_since", now - timedelta(minutes=14))
		frappe.db.commit()
		self.assertNotIn(conversation.name, escalate_unanswered(now))

		frappe.db.set_value("Conversation", conversation.name, "waiting_since", now - timedelta(minutes=16))
		frappe.db.commit()
		self.assertIn(conversation.name, escalate_unanswered(now))
		conversation.reload()
		self.assertEqual((conversation.escalated, conversation.escalation_count), (1, 1))
		self.assertNotEqual(conversation.assignee, first)
		self.assertTrue(
			frappe.db.exists(
				"ToDo",
				{
					"reference_name": conversation.name,
					"allocated_to": conversation.assignee,
					"status": "Open",
				},
			)
		)
		self.assertFalse(
			frappe.db.exists(
				"ToDo", {"reference_name": conversation.name, "allocated_to": first, "status": "Open"}
			)
		)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": t.SENIOR, "document_name": conversation.name})
		)
		self.assertNotIn(conversation.name, escalate_unanswered(now))  # not again within N minutes
		self.assertIn(conversation.name, escalate_unanswered(now + timedelta(minutes=16)))
		self.assertEqual(frappe.db.get_value("Conversation", conversation.name, "escalation_count"), 2)

		reply(conversation.name, "Отвечаем", user=conversation.assignee)
		frappe.db.commit()
		self.assertNotIn(conversation.name, escalate_unanswered(now + timedelta(minutes=60)))

	def test_escalation_with_nobody_on_shift_still_notifies(self):
		conversation = self.new_telegram_conversation("Ночной вопрос")
		t.set_operators_on_shift(False)
		now = now_datetime()
		frappe.db.set_value("Conversation", conversation.name, "waiting_since", now - timedelta(minutes=30))
		frappe.db.commit()
		self.assertIn(conversation.name, escalate_unanswered(now))
		conversation.reload()
		self.assertEqual(conversation.escalated, 1)
		self.assertTrue(conversation.assignee)  # kept: nobody else to take it
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{
					"for_user": t.SENIOR,
					"document_name": conversation.name,
					"subject": ["like", f"%{conversation.name}%"],
				},
			)
		)


class TestOneHistoryPerPerson(OmnichannelTestCase):
	def test_customer_found_from_whatsapp_and_telegram(self):
		phone = f"+7925{t.unique_id() % 10**7:07d}"
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": "Светлана Котова",
				"customer_type": "Individual",
				"mobile_no": phone,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		self.post_whatsapp("Из WhatsApp", phone)
		user_id = t.unique_id()
		self.post_telegram("Мой номер", user_id, contact_phone=phone)
		t.sweep()
		self.assertEqual(self.conversation_of("WhatsApp", phone).customer, customer.name)
		telegram = self.conversation_of("Telegram", user_id)
		self.assertEqual(telegram.customer, customer.name)
		self.assertEqual(frappe.db.get_value("Customer", customer.name, "pharm_telegram_id"), str(user_id))
		# Next conversation on Telegram, without the phone: found by the remembered Telegram id.
		frappe.db.set_value("Conversation", telegram.name, "status", "Resolved")
		frappe.db.commit()
		self.post_telegram("Снова я", user_id)
		t.sweep()
		again = self.conversation_of("Telegram", user_id)
		self.assertNotEqual(again.name, telegram.name)
		self.assertEqual(again.customer, customer.name)
		self.assertEqual(frappe.db.count("Conversation", {"customer": customer.name}), 3)

	def test_unknown_person_on_two_channels_is_one_lead(self):
		phone = f"+7926{t.unique_id() % 10**7:07d}"
		self.post_whatsapp("Первый раз пишу", phone)
		t.sweep()
		lead = self.conversation_of("WhatsApp", phone).lead
		self.assertTrue(lead)
		user_id = t.unique_id()
		self.post_telegram("Это снова я", user_id, contact_phone="8" + phone[2:])
		t.sweep()
		self.assertEqual(self.conversation_of("Telegram", user_id).lead, lead)
		self.assertEqual(frappe.db.get_value("Lead", lead, "pharm_telegram_id"), str(user_id))

	def test_email_is_threaded_into_the_inbox_and_answered_by_mail(self):
		account = t.ensure_outgoing_mail()
		sender = f"client{t.unique_id()}@example.com"
		for n in (1, 2):
			frappe.get_doc(
				{
					"doctype": "Communication",
					"communication_medium": "Email",
					"sent_or_received": "Received",
					"email_account": account,
					"sender": sender,
					"sender_full_name": "Андрей",
					"subject": "Вопрос о доставке",
					"content": f"<p>Письмо {n}</p>",
					"message_id": f"<{sender}.{n}@example.com>",
				}
			).insert(ignore_permissions=True)
		t.sweep()
		conversation = self.conversation_of("Email", sender)
		self.assertEqual(len(self.messages(conversation.name, "Incoming")), 2)
		self.assertEqual(
			frappe.db.count(
				"Communication", {"pharm_conversation": conversation.name, "sent_or_received": "Received"}
			),
			2,
		)
		self.assertEqual(frappe.db.get_value("Lead", conversation.lead, "email_id"), sender)
		message = reply(conversation.name, "Доставляем завтра", user=conversation.assignee)
		t.sweep()
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Sent")
		sent = frappe.get_last_doc(
			"Communication",
			filters={"reference_doctype": "Conversation", "reference_name": conversation.name},
		)
		self.assertEqual(sent.sent_or_received, "Sent")
		self.assertIn(sender, sent.recipients)
		self.assertTrue(frappe.db.exists("Email Queue", {"communication": sent.name}))
