from frappe.model.document import Document


class VKSettings(Document):
	pass
