from frappe.model.document import Document


class PrescriptionItem(Document):
	pass
