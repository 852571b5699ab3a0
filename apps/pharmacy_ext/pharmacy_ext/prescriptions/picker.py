"""Which prescriptions of a customer can cover a prescription-only line: the till shows them before the sale,
so the pharmacist picks one (or learns that none fits) instead of meeting the refusal at submit.
"""

import frappe
from frappe.utils import getdate, today

from pharmacy_ext.prescriptions.dispensing import covers, open_prescription_rows


@frappe.whitelist()
def prescriptions_covering(customer: str, item_code: str, posting_date: str | None = None) -> dict:
	frappe.has_permission("Prescription", "read", throw=True)
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	rx_only = frappe.db.get_value("Item", item_code, "pharm_rx_only")
	if not rx_only:
		return {"rx_only": False, "prescriptions": []}
	row = frappe._dict(item_code=item_code)
	by_prescription: dict[str, float] = {}
	for line in open_prescription_rows(customer, getdate(posting_date or today()), lock=False):
		if covers(line, row):
			by_prescription[line.parent] = by_prescription.get(line.parent, 0) + line.left
	details = {
		p.name: p
		for p in frappe.get_all(
			"Prescription",
			filters={"name": ["in", list(by_prescription) or [""]]},
			fields=["name", "form", "series", "number", "issue_date", "valid_until", "prescriber"],
		)
	}
	# open_prescription_rows orders by expiry: the one that runs out first is offered first.
	return {
		"rx_only": True,
		"prescriptions": [{**details[name], "qty_left": left} for name, left in by_prescription.items()],
	}
