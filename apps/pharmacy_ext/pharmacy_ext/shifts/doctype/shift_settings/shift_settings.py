from frappe.model.document import Document


class ShiftSettings(Document):
	pass
