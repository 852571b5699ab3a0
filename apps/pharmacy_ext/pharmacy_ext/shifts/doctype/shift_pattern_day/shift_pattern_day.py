from frappe.model.document import Document


class ShiftPatternDay(Document):
	pass
