from frappe.model.document import Document


class CatalogueImportColumn(Document):
	pass
