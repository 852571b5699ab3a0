"""Stamps stock and sales documents with the branch that owns them, derived from their warehouse.

The `pharm_branch` link is what branch isolation (User Permission on Branch) filters on, so it is
always recomputed from the warehouse the document moves stock in or out of.
"""

import frappe

# Parent warehouse fields, most significant first; then the first item row's warehouse fields.
WAREHOUSE_FIELDS = {
	"Stock Entry": ("to_warehouse", "from_warehouse"),
	"Material Request": ("set_warehouse",),
	"Purchase Receipt": ("set_warehouse",),
	"Sales Invoice": ("set_warehouse",),
	"POS Invoice": ("set_warehouse",),
	"Sales Order": ("set_warehouse",),
	"Delivery Note": ("set_warehouse",),
	"Stock Reconciliation": ("set_warehouse",),
	"POS Profile": ("warehouse",),
}
ITEM_WAREHOUSE_FIELDS = ("t_warehouse", "warehouse", "s_warehouse")


def set_branch(doc, method=None):
	warehouse = document_warehouse(doc)
	branch = warehouse and branch_of_warehouse(warehouse)
	if branch:
		doc.pharm_branch = branch


def document_warehouse(doc) -> str | None:
	for field in WAREHOUSE_FIELDS.get(doc.doctype, ()):
		if doc.get(field):
			return doc.get(field)
	for row in doc.get("items") or ():
		for field in ITEM_WAREHOUSE_FIELDS:
			if row.get(field):
				return row.get(field)
	return None


def branch_of_warehouse(warehouse: str) -> str | None:
	return frappe.db.get_value("Warehouse", warehouse, "pharm_branch")
