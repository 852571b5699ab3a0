"""The chain's network: each branch (pharmacy or distribution centre) is a Branch with its own
Warehouse, Cost Center and asset Location, linked both ways so access rules can follow them."""

from dataclasses import dataclass

import frappe


@dataclass
class BranchSpec:
	code: str
	name: str
	kind: str = "Pharmacy"  # Pharmacy | Distribution Centre | Office
	city: str = ""
	address: str = ""
	phone: str = ""
	opening_hours: str = ""
	round_the_clock: bool = False


def company_root(doctype: str, company: str) -> str:
	"""Root group record of a company's tree (its name is translated at setup, so look it up)."""
	parent_field = {"Warehouse": "parent_warehouse", "Cost Center": "parent_cost_center"}[doctype]
	name = frappe.db.get_value(
		doctype, {"company": company, "is_group": 1, parent_field: ["is", "not set"]}, "name"
	)
	if not name:
		frappe.throw(frappe._("Company {0} has no root {1}").format(company, frappe._(doctype)))
	return name


def ensure_branch(spec: BranchSpec, company: str) -> str:
	"""Create or update the branch and its warehouse, cost centre and location; returns the Branch name."""
	title = f"{spec.code} {spec.name}"
	warehouse = ensure_tree_node("Warehouse", "warehouse_name", title, company)
	cost_center = ensure_tree_node("Cost Center", "cost_center_name", title, company)
	location = ensure_location(spec.name)
	branch = frappe.get_doc("Branch", spec.name) if frappe.db.exists("Branch", spec.name) else None
	if not branch:
		branch = frappe.new_doc("Branch")
		branch.branch = spec.name
	branch.update(
		{
			"pharm_code": spec.code,
			"pharm_branch_type": spec.kind,
			"pharm_company": company,
			"pharm_warehouse": warehouse,
			"pharm_cost_center": cost_center,
			"pharm_location": location,
			"pharm_city": spec.city,
			"pharm_address": spec.address,
			"pharm_phone": spec.phone,
			"pharm_opening_hours": spec.opening_hours,
			"pharm_round_the_clock": 1 if spec.round_the_clock else 0,
		}
	)
	branch.save(ignore_permissions=True)
	return branch.name


def ensure_tree_node(doctype: str, title_field: str, title: str, company: str) -> str:
	existing = frappe.db.get_value(doctype, {title_field: title, "company": company}, "name")
	if existing:
		return existing
	parent_field = {"Warehouse": "parent_warehouse", "Cost Center": "parent_cost_center"}[doctype]
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			title_field: title,
			"company": company,
			"is_group": 0,
			parent_field: company_root(doctype, company),
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_location(name: str) -> str:
	if not frappe.db.exists("Location", name):
		frappe.get_doc({"doctype": "Location", "location_name": name}).insert(ignore_permissions=True)
	return name


def branch_warehouse(branch: str) -> str:
	return frappe.db.get_value("Branch", branch, "pharm_warehouse")
