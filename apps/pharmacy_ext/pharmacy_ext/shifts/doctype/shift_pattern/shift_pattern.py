import frappe
from frappe import _
from frappe.model.document import Document


class ShiftPattern(Document):
	def validate(self):
		if not any(row.shift_type for row in self.days):
			frappe.throw(_("A shift pattern needs at least one day with a shift"))
