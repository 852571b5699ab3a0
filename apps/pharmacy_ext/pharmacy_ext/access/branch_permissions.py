"""Branch isolation: staff bound to a branch see only that branch's documents, stock and reports.

Implemented with Frappe User Permissions (so desk, REST, list views and query reports all honour it):
the employee's Branch plus the branch's Warehouse, Cost Center and Location, applied to every doctype.
Branch staff may also see supply warehouses (distribution centres) on the documents that move stock
to them, nowhere else.
"""

import frappe

from pharmacy_ext.setup.roles import BRANCH_BOUND_ROLES

# Documents through which a pharmacy receives goods from a distribution centre.
SUPPLY_DOCTYPES = ("Material Request", "Stock Entry")
# Roles that work across the chain even if they also hold a branch-bound role.
CHAIN_WIDE_ROLES = {"Chain Director", "System Manager", "Pharmacy Accountant", "Pharmacy HR"}
MANAGED_DOCTYPES = ("Branch", "Warehouse", "Cost Center", "Location")


def is_branch_bound(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return bool(roles & BRANCH_BOUND_ROLES) and not roles & CHAIN_WIDE_ROLES


def employee_branch(user: str) -> str | None:
	return frappe.db.get_value("Employee", {"user_id": user, "status": "Active"}, "branch")


def wanted_permissions(user: str) -> set[tuple[str, str, str | None]]:
	"""(allow, for_value, applicable_for) the user should have; applicable_for None = all doctypes."""
	branch = employee_branch(user) if is_branch_bound(user) else None
	if not branch:
		return set()
	wanted = {("Branch", branch, None)}
	linked = frappe.db.get_value(
		"Branch", branch, ["pharm_warehouse", "pharm_cost_center", "pharm_location"], as_dict=True
	)
	for doctype, value in (
		("Warehouse", linked.pharm_warehouse),
		("Cost Center", linked.pharm_cost_center),
		("Location", linked.pharm_location),
	):
		if value:
			wanted.add((doctype, value, None))
	for warehouse in supply_warehouses(exclude=linked.pharm_warehouse):
		for doctype in SUPPLY_DOCTYPES:
			wanted.add(("Warehouse", warehouse, doctype))
	return wanted


def supply_warehouses(exclude: str | None = None) -> list[str]:
	return [
		w
		for w in frappe.get_all(
			"Branch",
			filters={"pharm_branch_type": "Distribution Centre", "pharm_warehouse": ["is", "set"]},
			pluck="pharm_warehouse",
		)
		if w != exclude
	]


def sync_user_permissions(user: str):
	"""Make the user's branch User Permissions exactly what their employee record and roles imply."""
	if not user or user in ("Administrator", "Guest"):
		return
	wanted = wanted_permissions(user)
	existing = frappe.get_all(
		"User Permission",
		filters={"user": user, "allow": ["in", MANAGED_DOCTYPES]},
		fields=["name", "allow", "for_value", "applicable_for", "apply_to_all_doctypes"],
	)
	have = {}
	for perm in existing:
		key = (perm.allow, perm.for_value, None if perm.apply_to_all_doctypes else perm.applicable_for)
		if key in wanted and key not in have:
			have[key] = perm.name
		else:
			frappe.delete_doc("User Permission", perm.name, ignore_permissions=True, force=True)
	for allow, value, applicable_for in sorted(wanted - set(have), key=lambda k: (k[0], k[1], k[2] or "")):
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": allow,
				"for_value": value,
				"apply_to_all_doctypes": 0 if applicable_for else 1,
				"applicable_for": applicable_for,
				"is_default": 0 if applicable_for else 1,
			}
		).insert(ignore_permissions=True)
	frappe.cache.hdel("user_permissions", user)


def sync_branch_users(branch: str):
	"""After a branch's warehouse or cost centre changes, re-sync everyone working there."""
	for user in frappe.get_all(
		"Employee", filters={"branch": branch, "user_id": ["is", "set"]}, pluck="user_id"
	):
		sync_user_permissions(user)
