from pharmacy_ext.access.branch_permissions import sync_user_permissions


def on_update(doc, method=None):
	"""Roles decide whether a user is branch-bound, so a role change re-syncs their access."""
	before = doc.get_doc_before_save()
	old_roles = {r.role for r in before.roles} if before else set()
	if {r.role for r in doc.roles} != old_roles:
		sync_user_permissions(doc.name)
