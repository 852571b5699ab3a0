from frappe.model.document import Document


class StaffingRule(Document):
	pass
