"""Item: VAT and card completeness follow the pharmacy facts; the search index follows every change."""

from pharmacy_ext.catalogue import completeness, search, vat


def validate(doc, method=None):
	vat.apply_vat(doc)
	completeness.update_completeness(doc)


def on_update(doc, method=None):
	vat.log_vat_change(doc)
	search.invalidate_index()


def on_trash(doc, method=None):
	search.invalidate_index()


def after_rename(doc, method=None, old_name=None, new_name=None, merge=False):
	search.invalidate_index()
