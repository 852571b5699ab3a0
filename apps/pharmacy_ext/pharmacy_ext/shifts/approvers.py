"""Who may decide on a Shift Swap Request: the head (Senior Pharmacist) of its branch, or HR."""

import frappe

APPROVER_ROLES = ("Pharmacy HR", "System Manager")


def is_hr(user: str) -> bool:
	return bool(set(frappe.get_roles(user)) & set(APPROVER_ROLES))


def branch_heads(branch: str | None) -> list[str]:
	if not branch:
		return []
	users = frappe.get_all(
		"Employee", filters={"branch": branch, "status": "Active", "user_id": ["is", "set"]}, pluck="user_id"
	)
	return [u for u in users if "Senior Pharmacist" in frappe.get_roles(u)]


def can_approve(user: str, branch: str | None) -> bool:
	return user == "Administrator" or is_hr(user) or user in branch_heads(branch)
