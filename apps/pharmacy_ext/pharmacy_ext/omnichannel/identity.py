"""Who wrote: a message is matched to a Customer, Contact or Lead by normalised phone, e-mail or the
channel's user id; an unknown sender becomes a Lead with the channel as its source.

The ids found are written back onto the record, so the same person writing on another channel later
(Telegram after WhatsApp, e-mail after the site) lands in the same customer history.
"""

import frappe
import phonenumbers

from pharmacy_ext.demo.plan import normalise_phone
from pharmacy_ext.omnichannel.channels.base import InboundMessage

CHANNEL_ID_FIELD = {"Telegram": "pharm_telegram_id", "VK": "pharm_vk_id"}


def e164(raw: str | None) -> str | None:
	"""+7XXXXXXXXXX for any written form of a number (Russian by default), None if it is not one."""
	if not raw:
		return None
	try:
		number = phonenumbers.parse(str(raw), "RU")
	except phonenumbers.NumberParseException:
		return normalise_phone(str(raw))
	if phonenumbers.is_valid_number(number):
		return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
	return normalise_phone(str(raw))


def set_normalised_phone(doc, method=None):
	"""validate of Lead / Contact / Customer: keep pharm_phone_e164 in step with the mobile number."""
	doc.pharm_phone_e164 = e164(doc.get("mobile_no") or doc.get("phone") or doc.get("whatsapp_no"))


def _keys(msg: InboundMessage) -> list[tuple[str, str]]:
	"""(field, value) pairs to look the sender up by; Lead, Contact and Customer share the field names."""
	keys = []
	if msg.channel_user_id and msg.channel in CHANNEL_ID_FIELD:
		keys.append((CHANNEL_ID_FIELD[msg.channel], msg.channel_user_id))
	phone = e164(msg.phone)
	if phone:
		keys.append(("pharm_phone_e164", phone))
		# Records saved before the normalised field existed: the usual written forms.
		keys += [("mobile_no", form) for form in (phone, phone[1:], "8" + phone[2:])]
	if msg.email:
		keys.append(("email_id", msg.email.strip().lower()))
	return keys


def _find(doctype: str, msg: InboundMessage) -> str | None:
	for field, value in _keys(msg):
		name = frappe.db.get_value(doctype, {field: value}, "name", order_by="creation asc")
		if name:
			return name
	return None


def resolve(msg: InboundMessage) -> frappe._dict:
	"""{customer, contact, lead} for the sender; creates a Lead when nobody is known."""
	found = frappe._dict(customer=_find("Customer", msg), contact=_find("Contact", msg), lead=None)
	if not found.customer and found.contact:
		found.customer = frappe.db.get_value(
			"Dynamic Link",
			{"parenttype": "Contact", "parent": found.contact, "link_doctype": "Customer"},
			"link_name",
		)
	if not found.customer:
		found.lead = _find("Lead", msg)
		if found.lead:
			found.customer = frappe.db.get_value("Lead", found.lead, "customer") or None
	if not found.customer and not found.lead:
		found.lead = create_lead(msg)
	remember_identity(found, msg)
	return found


def remember_identity(found: frappe._dict, msg: InboundMessage):
	"""Write the channel id and phone we now know onto the matched records (never overwrite)."""
	values = {}
	if msg.channel_user_id and msg.channel in CHANNEL_ID_FIELD:
		values[CHANNEL_ID_FIELD[msg.channel]] = msg.channel_user_id
	if e164(msg.phone):
		values["pharm_phone_e164"] = e164(msg.phone)
	for doctype, name in (("Customer", found.customer), ("Lead", found.lead), ("Contact", found.contact)):
		if not name or not values:
			continue
		current = frappe.db.get_value(doctype, name, list(values), as_dict=True)
		missing = {field: value for field, value in values.items() if not current.get(field)}
		if missing:
			frappe.db.set_value(doctype, name, missing, update_modified=False)


def create_lead(msg: InboundMessage) -> str:
	ensure_lead_source(msg.channel)
	lead = frappe.new_doc("Lead")
	lead.update(
		{
			"first_name": (msg.sender_name or msg.phone or msg.email or f"{msg.channel} {msg.chat_id}")[:140],
			"source": msg.channel,
			"email_id": msg.email.strip().lower() if msg.email else None,
			"mobile_no": e164(msg.phone),
			"company": frappe.defaults.get_global_default("company"),
		}
	)
	if msg.channel in CHANNEL_ID_FIELD:
		lead.set(CHANNEL_ID_FIELD[msg.channel], msg.channel_user_id)
	lead.flags.ignore_mandatory = True
	lead.insert(ignore_permissions=True)
	return lead.name


def ensure_lead_source(channel: str):
	if not frappe.db.exists("Lead Source", channel):
		frappe.get_doc({"doctype": "Lead Source", "source_name": channel}).insert(ignore_permissions=True)
