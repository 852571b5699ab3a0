import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, flt, getdate, today

# Validity in days by form: (standard, for chronic patients when the prescriber says so).
# Order of the Ministry of Health of Russia No. 1094н.
VALIDITY_DAYS = {
	"107-1/у": (60, 365),
	"148-1/у-88": (15, 15),
	"148-1/у-04(л)": (30, 90),
	"Electronic": (60, 365),
}


def validity_days(form: str, chronic_patient: bool) -> int:
	standard, chronic = VALIDITY_DAYS[form]
	return chronic if chronic_patient else standard


class Prescription(Document):
	def validate(self):
		self.valid_until = add_days(self.issue_date, validity_days(self.form, self.chronic_patient))
		if getdate(self.issue_date) > getdate(today()):
			frappe.throw(_("A prescription cannot be issued in the future"))
		for row in self.items:
			if not row.item_code and not row.inn:
				frappe.throw(_("Row {0}: name the drug or its INN").format(row.idx))
			if row.item_code and not row.inn:
				row.inn = frappe.db.get_value("Item", row.item_code, "pharm_inn")
			if flt(row.qty_prescribed) <= 0:
				frappe.throw(_("Row {0}: the prescribed quantity must be positive").format(row.idx))
		self.status = "Draft"

	def on_submit(self):
		self.update_status()

	def before_cancel(self):
		if any(flt(row.qty_dispensed) for row in self.items):
			frappe.throw(
				_("Prescription {0} has been dispensed from and cannot be cancelled").format(self.name)
			)

	def on_cancel(self):
		self.db_set("status", "Cancelled")

	def update_status(self):
		self.db_set("status", prescription_status(self))


def prescription_status(doc) -> str:
	if doc.docstatus == 0:
		return "Draft"
	if doc.docstatus == 2:
		return "Cancelled"
	dispensed = [flt(r.qty_dispensed) for r in doc.items]
	if all(flt(r.qty_dispensed) >= flt(r.qty_prescribed) for r in doc.items):
		return "Dispensed"
	if getdate(doc.valid_until) < getdate(today()):
		return "Expired"
	return "Partly Dispensed" if any(dispensed) else "Active"
