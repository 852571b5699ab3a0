from frappe.model.document import Document


class Conversation(Document):
	pass
