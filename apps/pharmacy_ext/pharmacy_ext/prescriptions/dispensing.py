"""Prescription-only drugs are sold only against a valid prescription of the buyer.

Hooked on Sales Invoice and POS Invoice: `validate` checks early (the till's checkout), `before_submit`
dispenses under row locks (two tills cannot both use the last pack), `on_cancel` gives the quantity back.
A sale without a prescription needs the override role and a reason, and is logged like a dispensing.
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import flt, formatdate, getdate

OVERRIDE_ROLE = "Senior Pharmacist"
OPEN_STATUSES = ("Active", "Partly Dispensed")


class PrescriptionRequiredError(frappe.ValidationError):
	pass


@dataclass
class Allocation:
	invoice_row: object
	qty: float
	prescription: str | None = None
	prescription_row: str | None = None


def validate_invoice(doc, method=None):
	if applies(doc):
		allocate(doc, lock=False)


def dispense_invoice(doc, method=None):
	if not applies(doc):
		return
	allocations = allocate(doc, lock=True)
	touched = set()
	for allocation in allocations:
		if allocation.prescription_row:
			frappe.db.sql(
				"""update `tabPrescription Item` set qty_dispensed = qty_dispensed + %s where name = %s""",
				(allocation.qty, allocation.prescription_row),
			)
			touched.add(allocation.prescription)
		log_dispensation(doc, allocation)
	for name in touched:
		refresh_prescription(name, retain=any_pku(doc, name, allocations))


def return_to_prescriptions(doc, method=None):
	logs = frappe.get_all(
		"Prescription Dispensation",
		filters={"invoice_type": doc.doctype, "invoice": doc.name, "status": "Dispensed"},
		fields=["name", "prescription", "prescription_item", "qty"],
	)
	touched = set()
	for log in logs:
		if log.prescription_item:
			frappe.db.get_value("Prescription", log.prescription, "name", for_update=True)
			frappe.db.sql(
				"""update `tabPrescription Item` set qty_dispensed = greatest(qty_dispensed - %s, 0)
				where name = %s""",
				(log.qty, log.prescription_item),
			)
			touched.add(log.prescription)
		frappe.db.set_value("Prescription Dispensation", log.name, "status", "Returned")
	for name in touched:
		refresh_prescription(name)


def applies(doc) -> bool:
	return not doc.get("is_return") and not doc.get("is_consolidated") and doc.docstatus < 2


def rx_rows(doc) -> list:
	codes = {row.item_code for row in doc.items if row.item_code}
	rx_codes = set(
		frappe.get_all("Item", filters={"name": ["in", list(codes)], "pharm_rx_only": 1}, pluck="name")
		if codes
		else []
	)
	return [row for row in doc.items if row.item_code in rx_codes]


def allocate(doc, lock: bool) -> list[Allocation]:
	rows = rx_rows(doc)
	if not rows:
		return []
	if doc.get("pharm_rx_override"):
		check_override(doc)
		return [Allocation(row, row_qty(row)) for row in rows]

	remaining = open_prescription_rows(doc.customer, doc.posting_date, lock)
	allocations, errors = [], []
	for row in rows:
		need = row_qty(row)
		for line in remaining:
			if need <= 0:
				break
			if not covers(line, row) or (
				row.get("pharm_prescription") and line.parent != row.pharm_prescription
			):
				continue
			take = min(need, line.left)
			if take > 0:
				allocations.append(Allocation(row, take, line.parent, line.name))
				line.left -= take
				need -= take
		if need > 0:
			errors.append(explain_shortfall(doc, row, row_qty(row) - need))
	if errors:
		frappe.throw("<br>".join(errors), PrescriptionRequiredError, title=_("Prescription required"))
	return allocations


def row_qty(row) -> float:
	return flt(row.get("stock_qty")) or flt(row.qty) * (flt(row.get("conversion_factor")) or 1)


def open_prescription_rows(customer: str, on_date, lock: bool) -> list:
	"""The customer's prescription lines with quantity left, earliest expiry first.

	With lock, the prescriptions are locked (in name order, so two tills cannot deadlock) and the lines are
	read with a locking read, which sees the latest committed quantities whatever the transaction's snapshot.
	"""
	names = frappe.get_all(
		"Prescription",
		filters={
			"customer": customer,
			"docstatus": 1,
			"status": ["in", OPEN_STATUSES],
			"valid_until": [">=", getdate(on_date)],
		},
		pluck="name",
		order_by="name asc",
	)
	if not names:
		return []
	if lock:
		frappe.db.sql(
			"select name from `tabPrescription` where name in %(names)s order by name for update",
			{"names": names},
		)
	lines = frappe.db.sql(
		f"""select item.name, item.parent, item.item_code, item.inn,
			item.qty_prescribed - item.qty_dispensed as `left`
		from `tabPrescription Item` item join `tabPrescription` rx on rx.name = item.parent
		where item.parent in %(names)s and item.qty_prescribed > item.qty_dispensed
		order by rx.valid_until asc, rx.name asc, item.idx asc
		{"for update" if lock else ""}""",
		{"names": names},
		as_dict=True,
	)
	return lines


def covers(line, row) -> bool:
	if line.item_code:
		return line.item_code == row.item_code
	inn = frappe.get_cached_value("Item", row.item_code, "pharm_inn")
	return bool(inn and line.inn and inn.strip().lower() == line.inn.strip().lower())


def explain_shortfall(doc, row, covered: float) -> str:
	"""Say exactly why a line is not covered: the named prescription, expiry, or quantity."""
	item = f"{row.item_code}: {row.item_name}"
	named = row.get("pharm_prescription")
	if named:
		rx = frappe.db.get_value(
			"Prescription", named, ["customer", "valid_until", "docstatus", "status"], as_dict=True
		)
		if not rx:
			return _("Row {0}: prescription {1} does not exist").format(row.idx, named)
		if rx.customer != doc.customer:
			return _("Row {0}: prescription {1} was issued to another customer, not to {2}").format(
				row.idx, named, doc.customer
			)
		if rx.docstatus != 1:
			return _("Row {0}: prescription {1} is not registered (submitted)").format(row.idx, named)
		if getdate(rx.valid_until) < getdate(doc.posting_date):
			return _("Row {0}: prescription {1} expired on {2}").format(
				row.idx, named, formatdate(rx.valid_until)
			)
	if covered:
		return _("Row {0}: {1} — the customer's prescriptions cover only {2} of {3}").format(
			row.idx, item, covered, row_qty(row)
		)
	expired = latest_expired_prescription(doc, row)
	if expired:
		return _("Row {0}: {1} — the customer's prescription {2} expired on {3}").format(
			row.idx, item, expired.name, formatdate(expired.valid_until)
		)
	return _("Row {0}: {1} is a prescription-only drug and {2} has no valid prescription for it").format(
		row.idx, item, doc.customer_name or doc.customer
	)


def latest_expired_prescription(doc, row):
	for rx in frappe.get_all(
		"Prescription",
		filters={"customer": doc.customer, "docstatus": 1, "valid_until": ["<", getdate(doc.posting_date)]},
		fields=["name", "valid_until"],
		order_by="valid_until desc",
	):
		lines = frappe.get_all("Prescription Item", filters={"parent": rx.name}, fields=["item_code", "inn"])
		if any(covers(frappe._dict(line), row) for line in lines):
			return rx
	return None


def check_override(doc):
	if OVERRIDE_ROLE not in frappe.get_roles():
		frappe.throw(
			_("Only a {0} may sell prescription-only drugs without a prescription").format(_(OVERRIDE_ROLE)),
			frappe.PermissionError,
		)
	if not (doc.get("pharm_rx_override_reason") or "").strip():
		frappe.throw(_("Give the reason for selling prescription-only drugs without a prescription"))


def log_dispensation(doc, allocation: Allocation):
	frappe.get_doc(
		{
			"doctype": "Prescription Dispensation",
			"prescription": allocation.prescription,
			"prescription_item": allocation.prescription_row,
			"item_code": allocation.invoice_row.item_code,
			"qty": allocation.qty,
			"invoice_type": doc.doctype,
			"invoice": doc.name,
			"invoice_item": allocation.invoice_row.name,
			"branch": doc.get("pharm_branch"),
			"is_override": 0 if allocation.prescription else 1,
			"override_reason": None if allocation.prescription else doc.get("pharm_rx_override_reason"),
		}
	).insert(ignore_permissions=True)


def any_pku(doc, prescription: str, allocations: list[Allocation]) -> bool:
	codes = {a.invoice_row.item_code for a in allocations if a.prescription == prescription}
	return bool(frappe.db.exists("Item", {"name": ["in", list(codes)], "pharm_pku": 1}))


def refresh_prescription(name: str, retain: bool = False):
	rx = frappe.get_doc("Prescription", name)
	rx.update_status()
	if retain and not rx.retained:
		# ПКУ drugs: the pharmacy keeps the paper prescription and registers it.
		rx.db_set("retained", 1)


def expire_prescriptions():
	"""Daily: open prescriptions past their validity become Expired."""
	for name in frappe.get_all(
		"Prescription",
		filters={"docstatus": 1, "status": ["in", OPEN_STATUSES], "valid_until": ["<", frappe.utils.today()]},
		pluck="name",
	):
		frappe.get_doc("Prescription", name).update_status()
