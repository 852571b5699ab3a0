"""A monthly salary structure (base = the monthly salary) and its assignment, for overtime pay to have a rate."""

import frappe

BASE_COMPONENT = ("Base Salary", "PH_BASE")
STRUCTURE = "Pharmacy Monthly Salary"


def ensure_earning_component(component: str, abbr: str, description: str | None = None):
	if not frappe.db.exists("Salary Component", component):
		frappe.get_doc(
			{
				"doctype": "Salary Component",
				"salary_component": component,
				"salary_component_abbr": abbr,
				"type": "Earning",
				"description": description,
			}
		).insert(ignore_permissions=True)


def ensure_salary_structure(company: str) -> str:
	component, abbr = BASE_COMPONENT
	ensure_earning_component(component, abbr)
	name = frappe.db.get_value("Salary Structure", {"name": STRUCTURE, "docstatus": 1})
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Salary Structure",
			"name": STRUCTURE,
			"company": company,
			"currency": frappe.db.get_value("Company", company, "default_currency"),
			"payroll_frequency": "Monthly",
			"is_active": "Yes",
			"earnings": [
				{"salary_component": component, "abbr": abbr, "amount_based_on_formula": 1, "formula": "base"}
			],
		}
	)
	doc.insert(ignore_permissions=True, set_name=STRUCTURE)
	doc.submit()
	return doc.name


def ensure_salary(employee: str, base: float, from_date) -> str:
	"""A submitted Salary Structure Assignment with this base from this date (created once)."""
	existing = frappe.db.get_value(
		"Salary Structure Assignment", {"employee": employee, "docstatus": 1, "from_date": from_date}, "name"
	)
	if existing:
		return existing
	company = frappe.db.get_value("Employee", employee, "company")
	doc = frappe.get_doc(
		{
			"doctype": "Salary Structure Assignment",
			"employee": employee,
			"salary_structure": ensure_salary_structure(company),
			"company": company,
			"currency": frappe.db.get_value("Company", company, "default_currency"),
			"from_date": from_date,
			"base": base,
		}
	)
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc.name
