"""Test set-up for the app's Frappe integration tests (bench run-tests --app pharmacy_ext)."""

import frappe


def before_tests():
	"""Same company set-up as the demo, plus a small chain of branches the tests share."""
	from pharmacy_ext.setup.company import ensure_company_setup
	from pharmacy_ext.tests.fixtures import ensure_test_chain

	frappe.clear_cache()
	ensure_company_setup()
	ensure_test_chain()
	# Upstream test records (ERPNext's _Test Company cascade) are not ours to load.
	frappe.flags.skip_test_records = True
	frappe.db.commit()
