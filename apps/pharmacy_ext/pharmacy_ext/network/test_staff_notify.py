import json

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.network.staff_notify import deliver, notify_staff, preferred_channels
from pharmacy_ext.omnichannel.fake_servers import FakeChannelServer
from pharmacy_ext.omnichannel.testing import TELEGRAM_TOKEN
from pharmacy_ext.tests.fixtures import ensure_test_staff

TELEGRAM_USER = "t01.pharmacist@pharmacy.test"
EMAIL_USER = "t01.head@pharmacy.test"
DESK_USER = "t02.pharmacist@pharmacy.test"


class TestStaffNotices(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		staff = ensure_test_staff()
		frappe.db.set_value(
			"Employee",
			staff[TELEGRAM_USER],
			{"pharm_notify_via": "Telegram", "pharm_telegram_chat_id": "555001"},
		)
		frappe.db.set_value("Employee", staff[EMAIL_USER], "pharm_notify_via", "E-mail")
		frappe.db.set_value("Employee", staff[DESK_USER], "pharm_notify_via", "Desk Only")
		cls.fake = FakeChannelServer(telegram_token=TELEGRAM_TOKEN)
		settings = frappe.get_single("Telegram Settings")
		settings.update({"enabled": 1, "bot_token": TELEGRAM_TOKEN, "api_base_url": cls.fake.url})
		settings.save(ignore_permissions=True)

	@classmethod
	def tearDownClass(cls):
		cls.fake.stop()
		super().tearDownClass()

	def test_each_employee_is_reached_on_the_chosen_channel(self):
		channels = preferred_channels([TELEGRAM_USER, EMAIL_USER, DESK_USER])
		self.assertEqual(channels[TELEGRAM_USER], ("Telegram", "555001"))
		self.assertEqual(channels[EMAIL_USER][0], "E-mail")
		self.assertNotIn(DESK_USER, channels)

		queued = notify_staff([TELEGRAM_USER, EMAIL_USER, DESK_USER], "Смена", "ToDo", "x")
		self.assertEqual(queued.get(TELEGRAM_USER), "Telegram")
		self.assertNotIn(DESK_USER, queued)
		has_mail = frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
		self.assertEqual(EMAIL_USER in queued, bool(has_mail))

	def test_the_telegram_notice_goes_out_through_the_bot_api(self):
		deliver(
			"Telegram",
			"555001",
			"Вас просят взять смену",
			"http://pharmacy.localhost/app/shift-swap-request/SWAP-1",
		)
		sent = json.loads(self.fake.calls("/sendMessage")[-1]["body"])
		self.assertEqual(sent["chat_id"], "555001")
		self.assertIn("Вас просят взять смену", sent["text"])
		self.assertIn("/app/shift-swap-request/SWAP-1", sent["text"])
