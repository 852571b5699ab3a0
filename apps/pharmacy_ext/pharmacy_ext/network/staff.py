"""Staff of the chain: a desk User with the job's role profile, linked to an Employee of their branch."""

from dataclasses import dataclass

import frappe
from frappe.utils import add_years, getdate, today

from pharmacy_ext.access.branch_permissions import sync_user_permissions
from pharmacy_ext.setup.roles import BRANCH_STAFF_MODULE_PROFILE, JOBS


@dataclass
class StaffSpec:
	email: str
	first_name: str
	last_name: str
	job: str  # a key of pharmacy_ext.setup.roles.JOBS
	branch: str | None = None
	middle_name: str = ""
	gender: str = "Female"
	date_of_birth: str | None = None
	date_of_joining: str | None = None
	designation: str | None = None
	qualified_rx: bool = False
	phone: str = ""
	employee_number: str | None = None


def ensure_staff_member(spec: StaffSpec, company: str, password: str | None = None) -> str:
	"""Create or update the user and employee; returns the Employee name."""
	role_profile, _standard_roles, branch_bound = JOBS[spec.job]
	user = ensure_user(spec, role_profile, password, BRANCH_STAFF_MODULE_PROFILE if branch_bound else None)
	employee = ensure_employee(spec, company, user)
	sync_user_permissions(user)
	return employee


def ensure_user(spec: StaffSpec, role_profile: str, password: str | None, module_profile: str | None) -> str:
	if frappe.db.exists("User", spec.email):
		user = frappe.get_doc("User", spec.email)
	else:
		user = frappe.new_doc("User")
		user.email = spec.email
		user.send_welcome_email = 0
	user.update(
		{
			"first_name": spec.first_name,
			"middle_name": spec.middle_name,
			"last_name": spec.last_name,
			"language": "ru",
			"user_type": "System User",
			"role_profile_name": role_profile,
			"module_profile": module_profile,
			"default_workspace": "Pharmacy",
			"mobile_no": spec.phone or None,
		}
	)
	if password and user.is_new():
		# Only for a new user: setting it again would log the person out of every session.
		user.new_password = password
	user.flags.no_welcome_mail = True
	user.save(ignore_permissions=True)
	return user.name


def ensure_employee(spec: StaffSpec, company: str, user: str) -> str:
	name = frappe.db.get_value("Employee", {"user_id": user}, "name")
	employee = frappe.get_doc("Employee", name) if name else frappe.new_doc("Employee")
	if spec.designation and not frappe.db.exists("Designation", spec.designation):
		frappe.get_doc({"doctype": "Designation", "designation_name": spec.designation}).insert(
			ignore_permissions=True
		)
	employee.update(
		{
			"first_name": spec.first_name,
			"middle_name": spec.middle_name,
			"last_name": spec.last_name,
			"gender": spec.gender,
			"date_of_birth": spec.date_of_birth or add_years(getdate(today()), -30),
			"date_of_joining": spec.date_of_joining or add_years(getdate(today()), -2),
			"company": company,
			"branch": spec.branch,
			"designation": spec.designation,
			"user_id": user,
			"status": "Active",
			"cell_number": spec.phone or None,
			"employee_number": spec.employee_number,
			"pharm_qualified_rx": 1 if spec.qualified_rx else 0,
			# Branch staff are limited by branch, not to their own Employee record (HRMS default).
			"create_user_permission": 0,
		}
	)
	employee.save(ignore_permissions=True)
	return employee.name
