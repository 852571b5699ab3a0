from frappe.model.document import Document


class OmnichannelSettings(Document):
	pass
