from frappe.model.document import Document


class PrescriptionDispensation(Document):
	"""One dispensing of a prescription-only line (or a logged sale without one): the register the
	pharmacy keeps, and what a cancelled invoice gives back."""
