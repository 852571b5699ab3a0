from frappe.model.document import Document


class ConversationMessage(Document):
	pass
