from frappe.model.document import Document


class OmnichannelInboundLog(Document):
	pass
