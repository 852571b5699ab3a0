from frappe.model.document import Document


class ChannelAPIClient(Document):
	pass
