import frappe
from frappe.model.document import Document

from pharmacy_ext.omnichannel.channels.base import post
from pharmacy_ext.omnichannel.channels.checks import check_telegram, new_secret

WEBHOOK_PATH = "/api/method/pharmacy_ext.omnichannel.webhooks.telegram_webhook"


class TelegramSettings(Document):
	def validate(self):
		token = new_secret(self, "bot_token")
		if self.enabled and token:
			check_telegram(self.api_base_url or "https://api.telegram.org", token)


@frappe.whitelist(methods=["POST"])
def set_webhook() -> str:
	"""Register our webhook URL and secret token with Telegram (setWebhook)."""
	frappe.only_for("System Manager")
	settings = frappe.get_single("Telegram Settings")
	base = frappe.db.get_single_value("Omnichannel Settings", "webhook_base_url")
	if not base:
		frappe.throw(frappe._("Set the Public Webhook Base URL in Omnichannel Settings first"))
	response = post(
		f"{(settings.api_base_url or 'https://api.telegram.org').rstrip('/')}/bot{settings.get_password('bot_token')}/setWebhook",
		json={
			"url": base.rstrip("/") + WEBHOOK_PATH,
			"secret_token": settings.get_password("webhook_secret"),
			"allowed_updates": ["message"],
		},
	).json()
	if not response.get("ok"):
		frappe.throw(response.get("description") or frappe._("Telegram refused the webhook"))
	return base.rstrip("/") + WEBHOOK_PATH
