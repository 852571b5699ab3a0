from frappe.model.document import Document


class CatalogueImportRow(Document):
	pass
