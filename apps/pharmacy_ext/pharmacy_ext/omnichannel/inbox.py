"""Whitelisted methods of the operator inbox page (page/operator_inbox): the queue, a conversation with the
customer's history, replies, quick replies, stock per pharmacy, and one-click Opportunity / Sales Order."""

import frappe
from frappe import _
from frappe.utils import cint, flt, get_fullname, now_datetime, time_diff_in_seconds

from pharmacy_ext.omnichannel import conversations

STATUSES = ("New", "In Progress", "Waiting for Customer", "Resolved", "Spam")


def _conversation(name: str, perm: str = "read"):
	doc = frappe.get_doc("Conversation", name)
	doc.check_permission(perm)
	return doc


@frappe.whitelist()
def get_inbox(scope: str = "all", channel: str | None = None) -> list[dict]:
	"""Open conversations, those waiting for an answer first (longest wait on top)."""
	frappe.has_permission("Conversation", "read", throw=True)
	filters = {"status": ["not in", ("Resolved", "Spam")]}
	if scope == "mine":
		filters["assignee"] = frappe.session.user
	elif scope == "unassigned":
		filters["assignee"] = ["is", "not set"]
	if channel:
		filters["channel"] = channel
	rows = frappe.get_list(
		"Conversation",
		filters=filters,
		fields=[
			"name",
			"channel",
			"contact_display",
			"status",
			"assignee",
			"waiting_since",
			"escalated",
			"last_inbound_at",
			"customer",
			"lead",
		],
		order_by="waiting_since is null, waiting_since asc, last_inbound_at desc",
		limit_page_length=200,
	)
	now = now_datetime()
	for row in rows:
		row.assignee_name = get_fullname(row.assignee) if row.assignee else None
		row.waiting_minutes = (
			int(time_diff_in_seconds(now, row.waiting_since) // 60) if row.waiting_since else None
		)
		row.preview = (
			frappe.db.get_value(
				"Conversation Message", {"conversation": row.name}, "text", order_by="creation desc"
			)
			or ""
		)[:120]
	return rows


@frappe.whitelist()
def get_conversation(name: str) -> dict:
	doc = _conversation(name)
	messages = frappe.get_all(
		"Conversation Message",
		filters={"conversation": name},
		fields=["name", "direction", "text", "status", "error", "creation", "sent_by", "is_auto_reply"],
		order_by="creation asc",
	)
	return {"conversation": doc.as_dict(), "messages": messages, "history": customer_history(doc)}


def customer_history(doc) -> dict:
	history = {"invoices": [], "prescriptions": [], "conversations": []}
	if doc.customer and frappe.has_permission("Sales Invoice", "read"):
		history["invoices"] = frappe.get_list(
			"Sales Invoice",
			filters={"customer": doc.customer, "docstatus": 1},
			fields=["name", "posting_date", "grand_total", "status"],
			order_by="posting_date desc",
			limit_page_length=10,
		)
	if (
		doc.customer
		and frappe.db.exists("DocType", "Prescription")
		and frappe.has_permission("Prescription", "read")
	):
		history["prescriptions"] = frappe.get_list(
			"Prescription",
			filters={"customer": doc.customer},
			fields=["name", "issue_date", "valid_until", "status"],
			order_by="issue_date desc",
			limit_page_length=10,
		)
	party = {"customer": doc.customer} if doc.customer else {"lead": doc.lead} if doc.lead else None
	if party:
		history["conversations"] = frappe.get_list(
			"Conversation",
			filters={**party, "name": ["!=", doc.name]},
			fields=["name", "channel", "status", "first_inbound_at"],
			order_by="creation desc",
			limit_page_length=10,
		)
	return history


@frappe.whitelist(methods=["POST"])
def send_reply(name: str, text: str) -> str:
	_conversation(name, "write")
	return conversations.reply(name, text, user=frappe.session.user)


@frappe.whitelist(methods=["POST"])
def resend(message: str) -> str:
	"""The operator's decision to send a failed reply again (the automatic retries are over)."""
	row = frappe.db.get_value(
		"Conversation Message", message, ["conversation", "status", "direction"], as_dict=True
	)
	if not row or row.direction != "Outgoing" or row.status != "Failed":
		frappe.throw(_("Only a failed reply can be sent again"))
	_conversation(row.conversation, "write")
	frappe.db.set_value(
		"Conversation Message",
		message,
		{"status": "Queued", "attempts": 0, "next_attempt_at": None, "error": None},
	)
	frappe.db.after_commit.add(
		lambda: frappe.enqueue(
			"pharmacy_ext.omnichannel.outbound.send_message", queue="short", message_name=message
		)
	)
	return "Queued"


@frappe.whitelist(methods=["POST"])
def set_status(name: str, status: str):
	if status not in STATUSES:
		frappe.throw(_("Unknown status {0}").format(status))
	_conversation(name, "write")
	conversations.set_status(name, status)


@frappe.whitelist()
def quick_replies() -> list[dict]:
	return frappe.get_list("Quick Reply", fields=["title", "text"], order_by="title asc")


@frappe.whitelist()
def item_availability(query: str) -> list[dict]:
	"""Items matching the text with their stock in each pharmacy (warehouses of branches)."""
	frappe.has_permission("Item", "read", throw=True)
	query = (query or "").strip()
	if len(query) < 2:
		return []
	items = frappe.get_list(
		"Item",
		filters={"disabled": 0, "is_stock_item": 1},
		or_filters={"item_code": ["like", f"%{query}%"], "item_name": ["like", f"%{query}%"]},
		fields=["item_code", "item_name", "stock_uom"],
		limit_page_length=10,
	)
	if not items:
		return []
	branch = frappe.qb.DocType("Branch")
	bin_ = frappe.qb.DocType("Bin")
	stock = (
		frappe.qb.from_(bin_)
		.join(branch)
		.on(branch.pharm_warehouse == bin_.warehouse)
		.select(bin_.item_code, branch.name.as_("branch"), bin_.actual_qty, bin_.reserved_qty)
		.where(bin_.item_code.isin([i.item_code for i in items]) & (bin_.actual_qty > 0))
		.orderby(bin_.actual_qty, order=frappe.qb.desc)
	).run(as_dict=True)
	for item in items:
		item.stock = [
			{"branch": s.branch, "qty": flt(s.actual_qty) - flt(s.reserved_qty)}
			for s in stock
			if s.item_code == item.item_code and flt(s.actual_qty) - flt(s.reserved_qty) > 0
		]
	return items


@frappe.whitelist(methods=["POST"])
def create_opportunity(name: str) -> str:
	doc = _conversation(name, "write")
	if doc.opportunity:
		return doc.opportunity
	frappe.has_permission("Opportunity", "create", throw=True)
	if not doc.customer and not doc.lead:
		frappe.throw(_("The conversation is not linked to a customer or a lead"))
	from pharmacy_ext.omnichannel.identity import ensure_lead_source

	ensure_lead_source(doc.channel)
	opportunity = frappe.get_doc(
		{
			"doctype": "Opportunity",
			"opportunity_from": "Customer" if doc.customer else "Lead",
			"party_name": doc.customer or doc.lead,
			"source": doc.channel,
			"company": frappe.defaults.get_user_default("company")
			or frappe.defaults.get_global_default("company"),
		}
	).insert()
	opportunity.add_comment("Comment", _("Created from conversation {0}").format(doc.name))
	frappe.db.set_value("Conversation", doc.name, "opportunity", opportunity.name)
	return opportunity.name


@frappe.whitelist(methods=["POST"])
def customer_for_order(name: str) -> str:
	"""The customer a Sales Order is made for: the lead becomes a customer if it is not one yet."""
	doc = _conversation(name, "write")
	if doc.customer:
		return doc.customer
	if not doc.lead:
		frappe.throw(_("The conversation is not linked to a customer or a lead"))
	frappe.has_permission("Customer", "create", throw=True)
	from erpnext.crm.doctype.lead.lead import _make_customer

	customer = frappe.db.get_value("Customer", {"lead_name": doc.lead}) or None
	if not customer:
		new = _make_customer(doc.lead)
		new.customer_type = "Individual"
		new.flags.ignore_mandatory = True
		new.insert()
		customer = new.name
		# The channel identities are no_copy on the mapping; the customer keeps them for the next message.
		identities = frappe.db.get_value("Lead", doc.lead, ["pharm_telegram_id", "pharm_vk_id"], as_dict=True)
		frappe.db.set_value(
			"Customer", customer, {k: v for k, v in identities.items() if v} or {"modified": new.modified}
		)
	frappe.db.set_value("Conversation", doc.name, "customer", customer)
	return customer


@frappe.whitelist()
def unanswered_count() -> int:
	frappe.has_permission("Conversation", "read", throw=True)
	return cint(
		frappe.db.count(
			"Conversation", {"waiting_since": ["is", "set"], "status": ["in", ("New", "In Progress")]}
		)
	)
