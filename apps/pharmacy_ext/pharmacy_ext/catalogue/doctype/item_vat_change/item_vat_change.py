from frappe.model.document import Document


class ItemVATChange(Document):
	pass
