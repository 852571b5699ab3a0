import frappe
from frappe import _
from frappe.model.document import Document

from pharmacy_ext.catalogue.duplicates import pair_key


class ItemDuplicateCandidate(Document):
	def validate(self):
		if self.status == "Open":
			if self.item_a == self.item_b:
				frappe.throw(_("A pair needs two different items."))
			self.pair_key = "|".join(pair_key(self.item_a, self.item_b))
