"""The demo step: a small week of conversations at a small scale, some waiting and escalated; run twice,
it adds nothing."""

from types import SimpleNamespace

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today

from pharmacy_ext.omnichannel import demo


class TestOmnichannelDemo(FrappeTestCase):
	def test_week_of_conversations_idempotent(self):
		loader = SimpleNamespace(seed=42, scale=0.01, anchor=frappe.utils.getdate(today()))
		demo.load(loader)
		demo_filter = {"external_chat_id": ["like", "demo-%"]}
		count = frappe.db.count("Conversation", demo_filter)
		self.assertGreaterEqual(count, 6)
		self.assertTrue(frappe.db.exists("Conversation", {**demo_filter, "waiting_since": ["is", "set"]}))
		self.assertTrue(frappe.db.exists("Conversation", {**demo_filter, "status": "Resolved"}))
		self.assertEqual(
			frappe.db.count("Conversation Message", {"dedupe_key": ["like", "demo:%"]}),
			count + frappe.db.count("Conversation", {**demo_filter, "waiting_since": ["is", "not set"]}),
		)
		self.assertEqual(frappe.db.count("Quick Reply", {"title": ["in", list(demo.QUICK_REPLIES)]}), 5)
		demo.load(loader)
		self.assertEqual(frappe.db.count("Conversation", demo_filter), count)
