"""VAT follows the item's facts (Tax Code of the Russian Federation, art. 164, as in force from 1 January 2026).

- 22 % is the standard rate (raised from 20 % by Federal Law No. 425-FZ of 28.11.2025).
- 10 % applies to medicines and medical goods (art. 164 p. 2). A medicine keeps 10 % only while its
  registration certificate (РУ) qualifies: a valid EAEU registration, or a valid national one that is still within
  its transition to EAEU rules. A national РУ that was not re-registered, an expired or a cancelled one, or none at
  all, gives 22 %. A medical device needs a valid registration too.
- Supplements (БАД), hygiene and everything else: 22 %.

The decision is a pure function of the facts (`decide_vat`), so it can be tested and explained. The Item gets the
matching Item Tax Template on validate; every change of rate is written to Item VAT Change with its reason, so the
accountant's report lists what changed and why. A daily job re-checks items whose registration lapses by date.
"""

from typing import NamedTuple

import frappe
from frappe import _
from frappe.utils import getdate, today

STANDARD_RATE = 22
REDUCED_RATE = 10
VAT_RATES = (STANDARD_RATE, REDUCED_RATE)

# Registration statuses under which a medicine's РУ still qualifies for 10 %.
QUALIFYING_STATUSES = {
	"EAEU": {"Valid"},
	"National": {"Valid", "EAEU Re-registration Pending"},
}


class VatDecision(NamedTuple):
	rate: int
	reason: str


def decide_vat(facts: dict, on_date=None) -> VatDecision:
	"""Rate and a human reason (in the user's language) from an item's category and registration facts."""
	category = facts.get("pharm_category") or ""
	if category == "Drug":
		return _medicine_vat(facts, getdate(on_date or today()))
	if category == "Medical Device":
		if facts.get("pharm_ru_number") and facts.get("pharm_ru_status") == "Valid":
			return VatDecision(REDUCED_RATE, _("Medical device with a valid registration certificate"))
		return VatDecision(STANDARD_RATE, _("Medical device without a valid registration certificate"))
	if category == "Supplement":
		return VatDecision(STANDARD_RATE, _("Dietary supplements are taxed at the standard rate"))
	return VatDecision(STANDARD_RATE, _("Standard rate"))


def _medicine_vat(facts: dict, on_date) -> VatDecision:
	number, kind, status = (
		facts.get("pharm_ru_number"),
		facts.get("pharm_ru_kind"),
		facts.get("pharm_ru_status"),
	)
	if not number:
		return VatDecision(STANDARD_RATE, _("Medicine without a registration certificate number"))
	valid_until = facts.get("pharm_ru_valid_until")
	if valid_until and getdate(valid_until) < on_date:
		return VatDecision(
			STANDARD_RATE,
			_("Registration certificate {0} expired on {1}").format(
				number, frappe.utils.formatdate(valid_until)
			),
		)
	if status in QUALIFYING_STATUSES.get(kind or "", set()):
		if kind == "EAEU":
			return VatDecision(REDUCED_RATE, _("Medicine registered under EAEU rules ({0})").format(number))
		if status == "Valid":
			return VatDecision(
				REDUCED_RATE, _("Medicine with a valid national registration ({0})").format(number)
			)
		return VatDecision(
			REDUCED_RATE,
			_("Medicine with a national registration under EAEU re-registration ({0})").format(number),
		)
	if kind == "National" and status == "Not Re-registered":
		return VatDecision(
			STANDARD_RATE, _("National registration {0} not re-registered under EAEU rules").format(number)
		)
	if status in ("Expired", "Cancelled"):
		return VatDecision(
			STANDARD_RATE, _("Registration certificate {0} is {1}").format(number, _(status).lower())
		)
	return VatDecision(STANDARD_RATE, _("Registration status of {0} is not known").format(number))


# ------------------------------------------------------------ templates


def vat_template_title(rate: int) -> str:
	return f"НДС {rate}%"


def ensure_vat_templates(company: str) -> dict[int, str]:
	"""VAT accounts and Item Tax Templates "НДС 22%" and "НДС 10%", plus the sales taxes template "НДС (в цене)".

	Each item template names both VAT accounts, its own at its rate and the other at 0, as ERPNext needs when one
	sales taxes template carries both accounts: a 10 % item must not pick up the 22 % row's rate. Retail prices
	include VAT, so the sales template's rows are included in the printed rate. The obsolete 18 % template is
	disabled.
	"""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	accounts = {rate: ensure_vat_account(company, rate) for rate in VAT_RATES}
	templates = {}
	for rate in VAT_RATES:
		title = vat_template_title(rate)
		name = f"{title} - {abbr}"
		doc = (
			frappe.get_doc("Item Tax Template", name)
			if frappe.db.exists("Item Tax Template", name)
			else frappe.new_doc("Item Tax Template").update({"title": title, "company": company})
		)
		wanted = {accounts[r]: (rate if r == rate else 0) for r in VAT_RATES}
		if {row.tax_type: row.tax_rate for row in doc.taxes} != wanted:
			doc.set("taxes", [{"tax_type": account, "tax_rate": value} for account, value in wanted.items()])
			doc.save(ignore_permissions=True)
		templates[rate] = doc.name
	ensure_sales_vat_template(company, accounts)
	frappe.db.set_value("Item Tax Template", {"company": company, "title": "Russia VAT 18%"}, "disabled", 1)
	return templates


def ensure_vat_account(company: str, rate: int) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	title = vat_template_title(rate)
	account = f"{title} - {abbr}"
	if not frappe.db.exists("Account", account):
		parent = frappe.db.get_value(
			"Account", {"company": company, "account_type": "Tax", "is_group": 1}, "name"
		) or frappe.db.get_value(
			"Account", {"company": company, "root_type": "Liability", "is_group": 1}, "name"
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": title,
				"company": company,
				"parent_account": parent,
				"account_type": "Tax",
				"tax_rate": rate,
			}
		).insert(ignore_permissions=True)
	return account


SALES_VAT_TEMPLATE = "НДС (в цене)"


def sales_vat_template(company: str) -> str:
	"""The company's "НДС (в цене)" sales taxes template (made if missing), for POS profiles and invoices."""
	return ensure_sales_vat_template(company, {rate: ensure_vat_account(company, rate) for rate in VAT_RATES})


def ensure_sales_vat_template(company: str, accounts: dict[int, str]) -> str:
	"""A sales taxes template whose rows take each item's rate from its Item Tax Template, inside the price."""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{SALES_VAT_TEMPLATE} - {abbr}"
	if frappe.db.exists("Sales Taxes and Charges Template", name):
		return name
	cost_center = frappe.get_cached_value("Company", company, "cost_center")
	frappe.get_doc(
		{
			"doctype": "Sales Taxes and Charges Template",
			"title": SALES_VAT_TEMPLATE,
			"company": company,
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": accounts[rate],
					"description": vat_template_title(rate),
					"rate": 0,
					"included_in_print_rate": 1,
					"cost_center": cost_center,
				}
				for rate in VAT_RATES
			],
		}
	).insert(ignore_permissions=True)
	return name


def template_name(rate: int, company: str) -> str:
	return f"{vat_template_title(rate)} - {frappe.get_cached_value('Company', company, 'abbr')}"


def template_for(rate: int, company: str | None = None) -> str | None:
	"""The company's Item Tax Template for the rate, if it has been made."""
	company = company or frappe.defaults.get_global_default("company")
	if not company:
		return None
	name = template_name(rate, company)
	return name if frappe.db.exists("Item Tax Template", name) else None


# ------------------------------------------------------------ on the Item


def apply_vat(item, method=None):
	"""Item validate: rate, reason and Item Tax row from the facts; a change of rate is logged."""
	decision = decide_vat(item.as_dict())
	previous = item.get_doc_before_save()
	old_rate = previous.pharm_vat_rate if previous else None
	item.pharm_vat_rate = decision.rate
	item.pharm_vat_reason = decision.reason
	_set_tax_template(item, decision.rate)
	if old_rate and old_rate != decision.rate:
		item.flags.pharm_vat_change = (old_rate, decision)


def log_vat_change(item, method=None):
	"""Item on_update: write the change noted by `apply_vat` (after the Item itself is saved)."""
	change = item.flags.pop("pharm_vat_change", None)
	if change:
		record_change(item.name, change[0], change[1])


def record_change(item_code: str, old_rate: int, decision: VatDecision):
	frappe.get_doc(
		{
			"doctype": "Item VAT Change",
			"item": item_code,
			"old_rate": old_rate,
			"new_rate": decision.rate,
			"reason": decision.reason,
			"changed_on": frappe.utils.now_datetime(),
		}
	).insert(ignore_permissions=True)


def _set_tax_template(item, rate: int):
	company = frappe.defaults.get_global_default("company")
	template = template_for(rate, company)
	if not template:
		return
	ours = {template_name(r, company) for r in VAT_RATES}
	# Keep tax rows someone added by hand for other templates; replace only ours.
	rows = [row for row in item.get("taxes", []) if row.item_tax_template not in ours]
	item.set("taxes", rows)
	item.append("taxes", {"item_tax_template": template})


def reevaluate_lapsed_registrations():
	"""Daily: medicines whose registration expired since the last check drop to the standard rate."""
	lapsed = frappe.get_all(
		"Item",
		filters={
			"pharm_category": "Drug",
			"pharm_vat_rate": REDUCED_RATE,
			"pharm_ru_valid_until": ["<", today()],
		},
		pluck="name",
	)
	for name in lapsed:
		frappe.get_doc("Item", name).save(ignore_permissions=True)
	return len(lapsed)
