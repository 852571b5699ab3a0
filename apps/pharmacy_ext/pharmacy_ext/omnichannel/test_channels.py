"""Each channel end to end over real HTTP: webhook in -> conversation with the customer or a new lead ->
routed to an operator on shift -> reply out through the channel's real client to a loopback fake of its
API -> delivery status back. Processing runs through the scheduler's sweeps (testing.sweep)."""

import json

import frappe
import requests
from frappe.tests.utils import FrappeTestCase
from twilio.request_validator import RequestValidator

from pharmacy_ext.omnichannel import testing as t
from pharmacy_ext.omnichannel.conversations import reply
from pharmacy_ext.omnichannel.fake_servers import FakeChannelServer
from pharmacy_ext.tests.live_server import base_url

METHOD = "/api/method/pharmacy_ext.omnichannel.webhooks."


class OmnichannelTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.started = frappe.utils.now_datetime()
		cls.server = base_url()
		cls.fake = FakeChannelServer(t.TELEGRAM_TOKEN, t.TWILIO_SID, t.TWILIO_TOKEN, t.VK_TOKEN)
		t.ensure_operators()
		t.configure_channels(cls.fake.url, cls.server)

	@classmethod
	def tearDownClass(cls):
		cls.fake.stop()
		t.close_conversations_since(cls.started)
		super().tearDownClass()

	def setUp(self):
		t.set_operators_on_shift(True)

	def post_telegram(self, text, user_id, secret=t.TELEGRAM_SECRET, update_id=None, contact_phone=None):
		update_id = update_id or t.unique_id()
		message = {
			"message_id": update_id % 100000,
			"from": {
				"id": user_id,
				"is_bot": False,
				"first_name": "Иван",
				"last_name": "Петров",
				"language_code": "ru",
			},
			"chat": {"id": user_id, "first_name": "Иван", "type": "private"},
			"date": 1764870000,
			"text": text,
		}
		if contact_phone:
			message["contact"] = {"phone_number": contact_phone, "first_name": "Иван", "user_id": user_id}
		headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
		response = requests.post(
			self.server + METHOD + "telegram_webhook",
			json={"update_id": update_id, "message": message},
			headers=headers,
			timeout=10,
		)
		return response, update_id

	def post_whatsapp(self, text, phone, signed=True, media=()):
		url = self.server + METHOD + "whatsapp_webhook"
		sid = f"SM{t.unique_id():032d}"
		form = {
			"MessageSid": sid,
			"SmsMessageSid": sid,
			"AccountSid": t.TWILIO_SID,
			"From": f"whatsapp:{phone}",
			"To": "whatsapp:+74950000000",
			"Body": text,
			"NumMedia": str(len(media)),
			**{f"MediaUrl{i}": url for i, url in enumerate(media)},
			"ProfileName": "Мария",
			"WaId": phone.lstrip("+"),
		}
		signature = RequestValidator(t.TWILIO_TOKEN if signed else "forged").compute_signature(url, form)
		response = requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=10)
		return response, sid

	def conversation_of(self, channel, chat_id):
		return frappe.get_last_doc(
			"Conversation", filters={"channel": channel, "external_chat_id": str(chat_id)}
		)

	def messages(self, conversation, direction=None):
		filters = {"conversation": conversation}
		if direction:
			filters["direction"] = direction
		return frappe.get_all("Conversation Message", filters=filters, fields=["*"], order_by="creation asc")


class TestChannelsEndToEnd(OmnichannelTestCase):
	def test_telegram_new_person_becomes_lead_routed_and_answered(self):
		user_id = t.unique_id()
		response, _update = self.post_telegram("Есть ли в наличии нурофен?", user_id)
		self.assertEqual(response.status_code, 200)
		t.sweep()

		conversation = self.conversation_of("Telegram", user_id)
		self.assertEqual(conversation.status, "New")
		self.assertIn(conversation.assignee, [s.email for s in t.OPERATORS])
		self.assertTrue(conversation.waiting_since)
		lead = frappe.get_doc("Lead", conversation.lead)
		self.assertEqual(lead.source, "Telegram")
		self.assertEqual(lead.pharm_telegram_id, str(user_id))
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

		reply(conversation.name, "Да, есть в аптеке на Ленина", user=conversation.assignee)
		t.sweep()
		sent = self.fake.calls("/sendMessage")[-1]
		self.assertEqual(
			json.loads(sent["body"]), {"chat_id": str(user_id), "text": "Да, есть в аптеке на Ленина"}
		)
		out = self.messages(conversation.name, "Outgoing")[-1]
		self.assertEqual(out.status, "Sent")
		self.assertTrue(out.external_id)
		conversation.reload()
		self.assertEqual(conversation.status, "Waiting for Customer")
		self.assertIsNone(conversation.waiting_since)
		self.assertIsNotNone(conversation.first_response_minutes)

	def test_whatsapp_known_customer_reply_and_delivery_receipts(self):
		phone = f"+7916{t.unique_id() % 10**7:07d}"
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": "Мария Иванова",
				"customer_type": "Individual",
				"mobile_no": "8" + phone[2:],  # written the legacy way; matched through the normalised field
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		self.assertEqual(customer.pharm_phone_e164, phone)

		response, _sid = self.post_whatsapp("Здравствуйте, нужен ингалятор", phone)
		self.assertEqual(response.status_code, 200)
		self.assertIn("<Response>", response.text)
		t.sweep()
		conversation = self.conversation_of("WhatsApp", phone)
		self.assertEqual(conversation.customer, customer.name)
		self.assertFalse(conversation.lead)
		self.assertTrue(conversation.assignee)

		reply(conversation.name, "Ингалятор есть, можем отложить", user=conversation.assignee)
		t.sweep()
		created = self.fake.calls("/Messages.json")[-1]
		self.assertIn(f"whatsapp%3A%2B{phone[1:]}", created["body"].decode())
		out = self.messages(conversation.name, "Outgoing")[-1]
		self.assertTrue(out.external_id.startswith("SM"))
		# Twilio's signed status callbacks (sent, delivered) arrive at our server.
		t.wait_for(lambda: frappe.db.get_value("Conversation Message", out.name, "status") == "Delivered")

	def test_vk_confirmation_message_and_idempotent_send(self):
		confirm = requests.post(
			self.server + METHOD + "vk_webhook",
			json={"type": "confirmation", "group_id": int(t.VK_GROUP), "secret": t.VK_SECRET},
			timeout=10,
		)
		self.assertEqual(confirm.text, "c0nf1rm")
		peer = t.unique_id() % 10**9
		event = {
			"type": "message_new",
			"event_id": f"ev{t.unique_id()}",
			"v": "5.199",
			"group_id": int(t.VK_GROUP),
			"secret": t.VK_SECRET,
			"object": {
				"message": {
					"id": 5,
					"date": 1764870000,
					"from_id": peer,
					"peer_id": peer,
					"text": "Добрый день",
					"conversation_message_id": 5,
				},
				"client_info": {"button_actions": ["text"], "keyboard": True, "lang_id": 0},
			},
		}
		response = requests.post(self.server + METHOD + "vk_webhook", json=event, timeout=10)
		self.assertEqual(response.text, "ok")
		t.sweep()
		conversation = self.conversation_of("VK", peer)
		self.assertEqual(frappe.db.get_value("Lead", conversation.lead, "pharm_vk_id"), str(peer))

		message = reply(conversation.name, "Здравствуйте! Чем помочь?", user=conversation.assignee)
		t.sweep()
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Sent")
		sent = self.fake.calls("/method/messages.send")[-1]
		self.assertIn(f"peer_id={peer}", sent["body"].decode())
		self.assertIn("random_id=", sent["body"].decode())

	def test_site_api_client_message_and_signed_reply(self):
		user = f"u{t.unique_id()}"
		body = {
			"message_id": f"m{t.unique_id()}",
			"user_id": user,
			"text": "Хочу заказать витамины",
			"email": f"{user}@example.com",
			"name": "Олег",
		}
		response = requests.post(
			self.server + METHOD + "site_message",
			json=body,
			headers={"X-Client-Id": t.SITE_CLIENT, "X-Api-Key": t.SITE_KEY},
			timeout=10,
		)
		self.assertEqual(response.json()["message"]["status"], "queued")
		forged = requests.post(
			self.server + METHOD + "site_message",
			json=body,
			headers={"X-Client-Id": t.SITE_CLIENT, "X-Api-Key": "wrong"},
			timeout=10,
		)
		self.assertEqual(forged.status_code, 403)
		t.sweep()
		conversation = self.conversation_of("Website", f"{t.SITE_CLIENT}:{user}")
		self.assertEqual(frappe.db.get_value("Lead", conversation.lead, "email_id"), f"{user}@example.com")

		message = reply(conversation.name, "Оформим заказ", user=conversation.assignee)
		t.sweep()
		delivered = self.fake.calls("/site/reply")[-1]
		import hashlib
		import hmac

		expected = hmac.new(t.SITE_KEY.encode(), delivered["body"], hashlib.sha256).hexdigest()
		self.assertEqual(delivered["headers"]["X-Signature"], expected)
		self.assertEqual(json.loads(delivered["body"])["user_id"], user)
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Sent")

	def test_site_contact_form_is_answered_by_email(self):
		page = requests.get(self.server + "/contact_pharmacy", timeout=30)
		self.assertEqual(page.status_code, 200)
		self.assertIn("contact-pharmacy-form", page.text)
		email = f"form{t.unique_id()}@example.com"
		response = requests.post(
			self.server + METHOD + "web_form",
			data={"name": "Вера", "email": email, "text": "Есть ли детский сироп?"},
			timeout=10,
		)
		self.assertEqual(response.json()["message"]["status"], "queued")
		bad = requests.post(
			self.server + METHOD + "web_form", data={"name": "x", "email": "nope", "text": "?"}, timeout=10
		)
		self.assertEqual(bad.status_code, 417)
		t.sweep()
		conversation = self.conversation_of("Website", f"web-form:{email}")
		self.assertFalse(conversation.api_client)
		self.assertEqual(frappe.db.get_value("Lead", conversation.lead, "email_id"), email)
		t.ensure_outgoing_mail()
		message = reply(conversation.name, "Есть, в трёх аптеках", user=conversation.assignee)
		t.sweep()
		self.assertEqual(frappe.db.get_value("Conversation Message", message, "status"), "Sent")
		sent = frappe.get_last_doc(
			"Communication",
			filters={"reference_doctype": "Conversation", "reference_name": conversation.name},
		)
		self.assertIn(email, sent.recipients)


class TestChannelSettings(OmnichannelTestCase):
	def test_wrong_credentials_are_refused_on_save(self):
		for doctype, field in (
			("Telegram Settings", "bot_token"),
			("VK Settings", "access_token"),
			("WhatsApp Settings", "auth_token"),
		):
			settings = frappe.get_single(doctype)
			settings.set(field, "wrong-credential")
			self.assertRaises(frappe.ValidationError, settings.save, ignore_permissions=True)
		frappe.db.rollback()
		t.configure_channels(self.fake.url, self.server)  # right ones pass the same check

	def test_register_telegram_webhook(self):
		from pharmacy_ext.omnichannel.doctype.telegram_settings.telegram_settings import set_webhook

		url = set_webhook()
		self.assertEqual(url, self.server + METHOD + "telegram_webhook")
		self.assertEqual(self.fake.telegram_webhook["url"], url)
		self.assertEqual(self.fake.telegram_webhook["secret_token"], t.TELEGRAM_SECRET)

	def test_attachments_are_shown_to_the_operator(self):
		phone = f"+7915{t.unique_id() % 10**7:07d}"
		photo = "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM1/Media/ME1"
		self.post_whatsapp("Вот рецепт", phone, media=[photo])
		user_id = t.unique_id()
		update_id = t.unique_id()
		update = {
			"update_id": update_id,
			"message": {
				"message_id": 7,
				"from": {"id": user_id, "first_name": "Фото"},
				"chat": {"id": user_id, "type": "private"},
				"date": 1764870000,
				"photo": [{"file_id": "AgAD", "file_unique_id": "x", "width": 90, "height": 90}],
				"caption": "Упаковка",
			},
		}
		requests.post(
			self.server + METHOD + "telegram_webhook",
			json=update,
			headers={"X-Telegram-Bot-Api-Secret-Token": t.TELEGRAM_SECRET},
			timeout=10,
		)
		t.sweep()
		whatsapp = self.messages(self.conversation_of("WhatsApp", phone).name, "Incoming")[0]
		self.assertEqual(whatsapp.text, f"Вот рецепт\n{photo}")
		telegram = self.messages(self.conversation_of("Telegram", user_id).name, "Incoming")[0]
		self.assertTrue(telegram.text.endswith("] Упаковка"))
