"""Staff created before release 0.1.1 get the branch staff module profile and the Pharmacy workspace."""

import frappe

from pharmacy_ext.setup.roles import BRANCH_STAFF_MODULE_PROFILE, JOBS, create_module_profile


def execute():
	create_module_profile()
	branch_profiles = [role for role, _standard, bound in JOBS.values() if bound]
	all_profiles = [role for role, _standard, _bound in JOBS.values()]
	users = frappe.get_all(
		"User", filters={"role_profile_name": ["in", all_profiles]}, fields=["name", "role_profile_name"]
	)
	for row in users:
		# Saved, not db_set: User.validate turns the module profile into the user's blocked modules.
		user = frappe.get_doc("User", row.name)
		user.default_workspace = "Pharmacy"
		if row.role_profile_name in branch_profiles:
			user.module_profile = BRANCH_STAFF_MODULE_PROFILE
		user.save(ignore_permissions=True)
