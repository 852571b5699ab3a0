import frappe

from pharmacy_ext.setup.custom_fields import create_custom_fields, delete_custom_fields
from pharmacy_ext.setup.property_setters import create_property_setters, delete_property_setters
from pharmacy_ext.setup.roles import setup_roles

MIN_VERSIONS = {"frappe": 15, "erpnext": 15, "hrms": 15}


def before_install():
	check_versions()


def after_install():
	create_custom_fields()
	create_property_setters()
	setup_roles()
	frappe.db.commit()


def before_migrate():
	check_versions()


def after_migrate():
	# Custom fields are synced on every migrate, so a new field in any capability needs no patch line.
	create_custom_fields()
	create_property_setters()
	setup_roles()


def before_uninstall():
	delete_custom_fields()
	delete_property_setters()


def check_versions():
	"""Refuse to install on a Frappe/ERPNext/HRMS older than the version-15 we are built against."""
	for app, major in MIN_VERSIONS.items():
		if app not in frappe.get_installed_apps() and app != "frappe":
			continue
		version = frappe.get_attr(f"{app}.__version__")
		if int(version.split(".")[0]) < major:
			frappe.throw(
				frappe._("pharmacy_ext needs {0} {1} or newer; this site has {2}").format(app, major, version)
			)
