from frappe.model.document import Document
from twilio.rest import Client

from pharmacy_ext.omnichannel.channels.checks import check_twilio, new_secret
from pharmacy_ext.omnichannel.channels.whatsapp import TWILIO_API, BaseUrlHttpClient


class WhatsAppSettings(Document):
	def validate(self):
		token = new_secret(self, "auth_token")
		if self.enabled and token and self.account_sid:
			http_client = BaseUrlHttpClient(self.api_base_url or TWILIO_API)
			check_twilio(Client(self.account_sid, token, http_client=http_client))
