import frappe

from pharmacy_ext.access.branch_permissions import sync_branch_users

LINKED_FIELDS = ("pharm_warehouse", "pharm_cost_center", "pharm_location", "pharm_branch_type")


def on_update(doc, method=None):
	before = doc.get_doc_before_save()
	if before and all(before.get(f) == doc.get(f) for f in LINKED_FIELDS):
		return
	if doc.pharm_warehouse:
		frappe.db.set_value("Warehouse", doc.pharm_warehouse, "pharm_branch", doc.name)
	if "Distribution Centre" in (doc.pharm_branch_type, before and before.pharm_branch_type):
		# Supply warehouses are visible to every branch: everyone's access changes.
		for branch in frappe.get_all("Branch", pluck="name"):
			sync_branch_users(branch)
	else:
		sync_branch_users(doc.name)
