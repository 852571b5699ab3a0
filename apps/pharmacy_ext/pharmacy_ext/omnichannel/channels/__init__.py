"""One module per channel: verify its webhook, parse its payload, send a reply through its API.

Each channel module exposes `parse(payload: dict) -> InboundMessage | None` and
`send(conversation, message) -> str` (the channel's message id); see `CHANNEL_MODULES`.
"""

CHANNEL_MODULES = {
	"Telegram": "pharmacy_ext.omnichannel.channels.telegram",
	"WhatsApp": "pharmacy_ext.omnichannel.channels.whatsapp",
	"VK": "pharmacy_ext.omnichannel.channels.vk",
	"Email": "pharmacy_ext.omnichannel.channels.email",
	"Website": "pharmacy_ext.omnichannel.channels.site_api",
	"App": "pharmacy_ext.omnichannel.channels.site_api",
}


def channel_module(channel: str):
	import importlib

	return importlib.import_module(CHANNEL_MODULES[channel])
