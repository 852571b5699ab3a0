from frappe.model.document import Document


class LegacySalesLine(Document):
	"""One line of a receipt from before the switch-over; read-only history for analytics."""
