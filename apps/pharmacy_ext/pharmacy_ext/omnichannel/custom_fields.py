"""Custom fields this capability adds to upstream doctypes; merged by pharmacy_ext.setup.custom_fields.

The channel identities (normalised phone, Telegram and VK user ids) live on Lead, Contact and Customer so a
message from any channel finds the same person (see omnichannel/identity.py).
"""


def _identity_fields(insert_after: str) -> list[dict]:
	return [
		{
			"fieldname": "pharm_channels_section",
			"label": "Messenger Identities",
			"fieldtype": "Section Break",
			"insert_after": insert_after,
			"collapsible": 1,
		},
		{
			"fieldname": "pharm_phone_e164",
			"label": "Phone (Normalised)",
			"fieldtype": "Data",
			"insert_after": "pharm_channels_section",
			"read_only": 1,
			"search_index": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "pharm_telegram_id",
			"label": "Telegram User ID",
			"fieldtype": "Data",
			"insert_after": "pharm_phone_e164",
			"search_index": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "pharm_vk_id",
			"label": "VK User ID",
			"fieldtype": "Data",
			"insert_after": "pharm_telegram_id",
			"search_index": 1,
			"no_copy": 1,
		},
	]


CUSTOM_FIELDS: dict = {
	"Lead": _identity_fields("source"),
	"Contact": _identity_fields("is_primary_contact"),
	"Customer": _identity_fields("pharm_legacy_id"),
	"Communication": [
		{
			"fieldname": "pharm_conversation",
			"label": "Conversation",
			"fieldtype": "Link",
			"options": "Conversation",
			"insert_after": "reference_name",
			"read_only": 1,
		}
	],
	"Email Account": [
		{
			"fieldname": "pharm_omnichannel",
			"label": "Incoming Mail Goes to the Omnichannel Inbox",
			"fieldtype": "Check",
			"insert_after": "enable_incoming",
		}
	],
}
