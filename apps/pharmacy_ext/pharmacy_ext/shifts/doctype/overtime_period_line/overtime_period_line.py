from frappe.model.document import Document


class OvertimePeriodLine(Document):
	pass
