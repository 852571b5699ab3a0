from frappe.model.document import Document


class CatalogueColumnMapping(Document):
	pass
