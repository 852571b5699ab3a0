"""Completes the ERPNext setup for the chain's legal entity: Russia, RUB, Europe/Moscow, Russian UI.

Runs the standard setup wizard programmatically once; later calls only verify and fill what is missing.
"""

import json
import os

import frappe
from frappe.utils import get_bench_path, getdate, today

from pharmacy_ext.catalogue.vat import ensure_vat_templates

DEFAULT_COMPANY = {
	"name": "Аптечная сеть «Здоровье»",
	"abbr": "АСЗ",
	"country": "Russian Federation",
	"currency": "RUB",
	"timezone": "Europe/Moscow",
}


def chain_definition() -> dict:
	"""The chain's structure shipped in the bench's fixtures/demo/chain.json (company, branches, quotas)."""
	path = os.path.join(get_bench_path(), "fixtures", "demo", "chain.json")
	if os.path.exists(path):
		with open(path, encoding="utf-8") as f:
			return json.load(f)
	return {"company": DEFAULT_COMPANY}


def ensure_company_setup(company: dict | None = None):
	company = {**DEFAULT_COMPANY, **(company or chain_definition().get("company") or {})}
	if not frappe.is_setup_complete():
		run_setup_wizard(company)
	set_russian_defaults(company)
	activate_retail_domain()
	ensure_fiscal_years(company["name"])
	ensure_vat_templates(frappe.defaults.get_global_default("company"))
	frappe.db.commit()
	print(f"Company ready: {frappe.defaults.get_global_default('company')}")


def run_setup_wizard(company: dict):
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	year = getdate(today()).year
	frappe.local.lang = "ru"
	setup_complete(
		{
			"language": frappe.db.get_value("Language", "ru", "language_name") or "English",
			"country": company["country"],
			"timezone": company["timezone"],
			"currency": company["currency"],
			"company_name": company["name"],
			"company_abbr": company["abbr"],
			"chart_of_accounts": "Standard",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"setup_demo": 0,
		}
	)
	if not frappe.is_setup_complete():
		frappe.throw(frappe._("The ERPNext setup wizard did not complete; see the error log"))


def set_russian_defaults(company: dict):
	settings = frappe.get_single("System Settings")
	wanted = {
		"language": "ru",
		"country": company["country"],
		"time_zone": company["timezone"],
		"currency": company["currency"],
		"date_format": "dd.mm.yyyy",
		"number_format": "# ###,##",
		"first_day_of_the_week": "Monday",
		"float_precision": "3",
		"currency_precision": "2",
	}
	changed = {k: v for k, v in wanted.items() if settings.get(k) != v}
	if changed:
		settings.update(changed)
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)
	# Russian shops print prices as "1 234,50 ₽".
	if frappe.db.get_value("Currency", "RUB", "symbol") != "₽":
		frappe.db.set_value("Currency", "RUB", {"symbol": "₽", "symbol_on_right": 1})
	if frappe.db.get_value("User", "Administrator", "language") != "ru":
		frappe.db.set_value("User", "Administrator", "language", "ru")


def activate_retail_domain():
	"""ERPNext shows the Point of Sale page only when the Retail domain is active."""
	settings = frappe.get_single("Domain Settings")
	active = [d.domain for d in settings.active_domains]
	if "Retail" not in active and frappe.db.exists("Domain", "Retail"):
		settings.set_active_domains([*active, "Retail"])


def ensure_fiscal_years(company_name: str):
	"""Sales history reaches 12 months back and plans look ahead: keep last, this and next year."""
	year = getdate(today()).year
	for y in (year - 1, year, year + 1):
		if frappe.db.exists("Fiscal Year", {"year_start_date": f"{y}-01-01"}):
			continue
		fy = frappe.new_doc("Fiscal Year")
		fy.year = str(y)
		fy.year_start_date = f"{y}-01-01"
		fy.year_end_date = f"{y}-12-31"
		fy.append("companies", {"company": company_name})
		fy.insert(ignore_permissions=True)
