import frappe

from pharmacy_ext.access.branch_permissions import MANAGED_DOCTYPES, sync_user_permissions


def on_update(doc, method=None):
	before = doc.get_doc_before_save()
	users = {doc.user_id, before.user_id if before else None} - {None, ""}
	if before and (before.branch, before.user_id, before.status) == (doc.branch, doc.user_id, doc.status):
		return
	for user in users:
		sync_user_permissions(user)


def on_trash(doc, method=None):
	if doc.user_id:
		# The employee still exists while on_trash runs, so drop the branch access directly.
		frappe.db.delete("User Permission", {"user": doc.user_id, "allow": ["in", MANAGED_DOCTYPES]})
		frappe.cache.hdel("user_permissions", doc.user_id)
