from frappe.model.document import Document


class ProductionCalendarDay(Document):
	pass
