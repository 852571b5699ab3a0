from frappe.model.document import Document


class TelegramSettings(Document):
	pass
