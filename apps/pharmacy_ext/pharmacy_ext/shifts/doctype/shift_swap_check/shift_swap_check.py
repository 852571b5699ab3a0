from frappe.model.document import Document


class ShiftSwapCheck(Document):
	pass
