"""Shared set-up of the omnichannel tests: operators on a round-the-clock shift, channel settings
pointing at a loopback FakeChannelServer, and the scheduler's sweeps (no worker runs in tests)."""

import itertools
import time

import frappe
from frappe.utils import add_days, today

from pharmacy_ext.network.staff import StaffSpec, ensure_staff_member
from pharmacy_ext.tests.fixtures import TEST_PASSWORD, ensure_test_staff, test_company

OPERATORS = (
	StaffSpec("t.operator1@pharmacy.test", "Елена", "Орлова", "operator"),
	StaffSpec("t.operator2@pharmacy.test", "Павел", "Зайцев", "operator", gender="Male"),
)
SENIOR = "t01.head@pharmacy.test"
SHIFT_TYPE = "_Test Contact Centre 24h"
TELEGRAM_TOKEN = "123456:TEST-telegram-token"
TELEGRAM_SECRET = "tg-secret-Abc123"
TWILIO_SID = "AC" + "0" * 30 + "11"
TWILIO_TOKEN = "twilio-auth-token-test"
VK_TOKEN = "vk-access-token-test"
VK_SECRET = "vk-secret-test"
VK_GROUP = "777"
SITE_CLIENT, SITE_KEY = "_test-site", "site-api-key-test"


def ensure_operators() -> dict[str, str]:
	"""Two operators with an active round-the-clock shift assignment; returns {user: employee}."""
	ensure_test_staff()
	if not frappe.db.exists("Shift Type", SHIFT_TYPE):
		frappe.get_doc(
			{
				"doctype": "Shift Type",
				"name": SHIFT_TYPE,
				"start_time": "00:00:00",
				"end_time": "23:59:00",
				"begin_check_in_before_shift_start_time": 0,
				"allow_check_out_after_shift_end_time": 0,
			}
		).insert(ignore_permissions=True, set_name=SHIFT_TYPE)
	employees = {}
	for spec in OPERATORS:
		employee = ensure_staff_member(spec, test_company(), TEST_PASSWORD)
		employees[spec.email] = employee
		if not frappe.db.exists(
			"Shift Assignment", {"employee": employee, "shift_type": SHIFT_TYPE, "docstatus": 1}
		):
			frappe.get_doc(
				{
					"doctype": "Shift Assignment",
					"employee": employee,
					"shift_type": SHIFT_TYPE,
					"company": test_company(),
					"start_date": add_days(today(), -7),
					"status": "Active",
				}
			).submit()
	set_operators_on_shift(True)
	frappe.db.commit()
	return employees


def set_operators_on_shift(on: bool):
	frappe.db.set_value(
		"Shift Assignment",
		{"shift_type": SHIFT_TYPE, "docstatus": 1},
		"status",
		"Active" if on else "Inactive",
	)
	frappe.db.delete("Employee Checkin", {"employee": ["in", operator_employees()]})
	frappe.db.commit()


def operator_employees() -> list[str]:
	return frappe.get_all("Employee", filters={"user_id": ["in", [s.email for s in OPERATORS]]}, pluck="name")


def configure_channels(fake_url: str, server_url: str):
	settings = frappe.get_single("Omnichannel Settings")
	settings.update(
		{
			"use_operator_shifts": 1,
			"escalation_minutes": 15,
			"escalation_user": SENIOR,
			"webhook_base_url": server_url,
			"retry_backoff_seconds": 30,
			"max_send_attempts": 3,
			"max_processing_attempts": 3,
			"off_hours_reply": "",
		}
	)
	settings.save(ignore_permissions=True)
	_single(
		"Telegram Settings",
		enabled=1,
		bot_token=TELEGRAM_TOKEN,
		webhook_secret=TELEGRAM_SECRET,
		api_base_url=fake_url,
	)
	_single(
		"WhatsApp Settings",
		enabled=1,
		account_sid=TWILIO_SID,
		auth_token=TWILIO_TOKEN,
		from_number="+74950000000",
		api_base_url=fake_url,
	)
	_single(
		"VK Settings",
		enabled=1,
		group_id=VK_GROUP,
		access_token=VK_TOKEN,
		secret_key=VK_SECRET,
		confirmation_code="c0nf1rm",
		api_base_url=fake_url,
	)
	client = (
		frappe.get_doc("Channel API Client", SITE_CLIENT)
		if frappe.db.exists("Channel API Client", SITE_CLIENT)
		else frappe.new_doc("Channel API Client")
	)
	client.update(
		{
			"client_id": SITE_CLIENT,
			"channel": "Website",
			"enabled": 1,
			"api_key": SITE_KEY,
			"reply_webhook_url": f"{fake_url}/site/reply",
		}
	)
	client.save(ignore_permissions=True)
	frappe.db.commit()


def _single(doctype: str, **values):
	doc = frappe.get_single(doctype)
	doc.update(values)
	doc.save(ignore_permissions=True)


def sweep():
	"""What the scheduler runs every minute: process stored deliveries, then send due replies."""
	from pharmacy_ext.omnichannel.ingest import process_pending
	from pharmacy_ext.omnichannel.outbound import deliver_pending

	frappe.db.commit()  # see what the web server committed
	process_pending()
	deliver_pending()
	frappe.db.commit()


def wait_for(condition, timeout: float = 10, step: float = 0.1):
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		frappe.db.commit()
		result = condition()
		if result:
			return result
		time.sleep(step)
	raise AssertionError("condition not met in time")


_ids = itertools.count(int(time.time() * 1000) % 10**12)


def unique_id() -> int:
	"""A channel update id unique across test runs (the site keeps earlier runs' deliveries)."""
	return next(_ids)


def ensure_outgoing_mail() -> str:
	"""An e-mail account feeding the inbox; replies go through frappe's mail queue (never flushed in tests)."""
	account = "_Test Omnichannel Mail"
	doc = (
		frappe.get_doc("Email Account", account)
		if frappe.db.exists("Email Account", account)
		else frappe.new_doc("Email Account")
	)
	doc.update(
		{
			"email_account_name": account,
			"email_id": "shop@pharmacy.test",
			"enable_incoming": 0,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"pharm_omnichannel": 1,
		}
	)
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return account


def e2e_conversation(text: str) -> str:
	"""For the browser test: operators on shift and one site conversation with this text, routed to one."""
	from pharmacy_ext.omnichannel.channels.base import InboundMessage
	from pharmacy_ext.omnichannel.conversations import receive

	ensure_operators()
	email = f"e2e{unique_id()}@example.com"
	name = receive(
		InboundMessage("Website", f"e2e:{unique_id()}", f"web-form:{email}", text, "Покупатель", email=email)
	)
	frappe.db.commit()
	return frappe.db.get_value("Conversation", name, "assignee")


def close_conversations_since(started):
	"""Resolve what a test class opened, so later runs' escalation sweeps stay small."""
	conversation = frappe.qb.DocType("Conversation")
	(
		frappe.qb.update(conversation)
		.set(conversation.status, "Resolved")
		.set(conversation.waiting_since, None)
		.where((conversation.creation >= started) & conversation.status.isin(("New", "In Progress")))
	).run()
	frappe.db.commit()
