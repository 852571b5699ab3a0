from frappe.model.document import Document


class WhatsAppSettings(Document):
	pass
