from frappe.model.document import Document


class QuickReply(Document):
	pass
