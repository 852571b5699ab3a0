"""Read-only checks used by the migration test and by operators after an upgrade."""

import frappe

from pharmacy_ext.setup.roles import PHARMACY_ROLES


def owned_record_counts() -> dict:
	"""Counts of the records pharmacy_ext creates at install/migrate (bench execute prints them as JSON)."""
	counts = {
		"custom_fields": frappe.db.count("Custom Field", {"fieldname": ["like", "pharm_%"]}),
		"roles": frappe.db.count("Role", {"name": ["in", PHARMACY_ROLES]}),
		"role_profiles": frappe.db.count("Role Profile", {"name": ["in", PHARMACY_ROLES]}),
		"custom_docperms": frappe.db.count("Custom DocPerm", {"role": ["in", PHARMACY_ROLES]}),
		"module_profiles": frappe.db.count("Module Profile", {"name": "Pharmacy Branch Staff"}),
		"workspaces": frappe.db.count("Workspace", {"module": "Pharmacy Core"}),
		"doctypes": frappe.db.count("DocType", {"module": "Pharmacy Core"}),
	}
	return counts
