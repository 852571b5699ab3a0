from frappe.model.document import Document

from pharmacy_ext.omnichannel.channels.checks import check_vk, new_secret


class VKSettings(Document):
	def validate(self):
		token = new_secret(self, "access_token")
		if self.enabled and token:
			check_vk(
				self.api_base_url or "https://api.vk.com", token, self.group_id, self.api_version or "5.199"
			)
