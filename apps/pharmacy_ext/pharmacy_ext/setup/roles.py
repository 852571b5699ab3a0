"""Roles of the chain's staff, their role profiles and per-doctype permissions.

Each job gets one pharmacy role (ours) and a role profile that bundles it with the ERPNext/HRMS roles
the job needs, so upstream permissions, reports and pages keep working. Permissions of our roles on
upstream doctypes are added as Custom DocPerm, never by editing the upstream apps.
"""

import frappe
from frappe.permissions import add_permission, update_permission_property

# job key -> (our role, standard roles bundled in its role profile, bound to one branch)
JOBS = {
	"pharmacist": ("Pharmacist", ["Sales User", "Stock User", "Employee"], True),
	"senior_pharmacist": (
		"Senior Pharmacist",
		["Pharmacist", "Sales User", "Stock User", "Stock Manager", "Employee"],
		True,
	),
	"warehouse_keeper": (
		"Warehouse Keeper",
		["Stock User", "Stock Manager", "Purchase User", "Item Manager", "Employee"],
		True,
	),
	"operator": ("Contact Centre Operator", ["Sales User", "Employee"], False),
	"marketing": (
		"Pharmacy Marketing",
		["Sales User", "Sales Manager", "Newsletter Manager", "Employee"],
		False,
	),
	"accountant": (
		"Pharmacy Accountant",
		["Accounts User", "Accounts Manager", "Purchase User", "Employee"],
		False,
	),
	"hr": ("Pharmacy HR", ["HR User", "HR Manager", "Employee"], False),
	"director": (
		"Chain Director",
		[
			"Sales Manager",
			"Purchase Manager",
			"Stock Manager",
			"Accounts User",
			"HR User",
			"Report Manager",
			"Employee",
		],
		False,
	),
}

PHARMACY_ROLES = [role for role, _standard, _bound in JOBS.values()]
BRANCH_BOUND_ROLES = {role for role, _standard, bound in JOBS.values() if bound}

# Desk modules branch staff never use: hidden so their sidebar shows the pharmacy's work only.
BRANCH_STAFF_MODULE_PROFILE = "Pharmacy Branch Staff"
BRANCH_STAFF_BLOCKED_MODULES = (
	"Manufacturing",
	"Projects",
	"Quality Management",
	"Support",
	"Website",
	"Payroll",
	"Assets",
	"CRM",
	"Buying",
	"Subcontracting",
	"Utilities",
	"Maintenance",
	"Loan Management",
)

READ = ("read", "report", "export", "print")
WRITE = (*READ, "write", "create")
SUBMIT = (*WRITE, "submit", "cancel", "amend")
TILL = {"Pharmacist": SUBMIT, "Senior Pharmacist": SUBMIT}

# Extra rights of our roles on upstream doctypes (on top of what the bundled standard roles give).
UPSTREAM_PERMISSIONS = {
	"Branch": {role: READ for role in PHARMACY_ROLES},
	"Employee": {"Senior Pharmacist": READ, "Chain Director": READ},
	"Shift Assignment": {"Senior Pharmacist": WRITE, "Pharmacist": READ},
	"Shift Type": {"Pharmacist": READ, "Senior Pharmacist": READ},
	# The accountant reconciles the Overtime Register with the Additional Salary it created.
	"Additional Salary": {"Pharmacy Accountant": READ},
	"Customer": {"Pharmacist": WRITE, "Contact Centre Operator": WRITE, "Pharmacy Marketing": WRITE},
	"Lead": {"Contact Centre Operator": WRITE, "Pharmacy Marketing": WRITE},
	"Item": {"Pharmacist": READ, "Contact Centre Operator": READ, "Pharmacy Marketing": READ},
	# The till: pharmacists sell, open and close their shift's POS session.
	"Sales Invoice": TILL,
	"POS Invoice": TILL,
	"POS Opening Entry": TILL,
	"POS Closing Entry": TILL,
	"POS Profile": {"Pharmacist": READ, "Senior Pharmacist": READ},
}


def create_roles():
	for role in PHARMACY_ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def create_role_profiles():
	for role, standard_roles, _bound in JOBS.values():
		wanted = [role, *standard_roles]
		existing = [r for r in wanted if frappe.db.exists("Role", r)]
		if frappe.db.exists("Role Profile", role):
			profile = frappe.get_doc("Role Profile", role)
			have = {r.role for r in profile.roles}
			if set(existing) <= have:
				continue
		else:
			profile = frappe.new_doc("Role Profile")
			profile.role_profile = role
			have = set()
		for r in existing:
			if r not in have:
				profile.append("roles", {"role": r})
		profile.save(ignore_permissions=True)


def apply_upstream_permissions():
	for doctype, roles in UPSTREAM_PERMISSIONS.items():
		if not frappe.db.exists("DocType", doctype):
			continue
		for role, rights in roles.items():
			if not frappe.db.exists(
				"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
			):
				add_permission(doctype, role, 0)
			for right in rights:
				update_permission_property(doctype, role, 0, right, 1, validate=False)


def create_module_profile():
	if frappe.db.exists("Module Profile", BRANCH_STAFF_MODULE_PROFILE):
		profile = frappe.get_doc("Module Profile", BRANCH_STAFF_MODULE_PROFILE)
	else:
		profile = frappe.new_doc("Module Profile")
		profile.module_profile_name = BRANCH_STAFF_MODULE_PROFILE
	blocked = {m.module for m in profile.block_modules}
	missing = [
		m for m in BRANCH_STAFF_BLOCKED_MODULES if m not in blocked and frappe.db.exists("Module Def", m)
	]
	if missing or profile.is_new():
		for module in missing:
			profile.append("block_modules", {"module": module})
		profile.save(ignore_permissions=True)


def setup_roles():
	create_roles()
	create_role_profiles()
	create_module_profile()
	apply_upstream_permissions()
