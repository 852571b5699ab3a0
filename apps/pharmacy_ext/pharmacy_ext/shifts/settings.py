"""Shift Settings and the accounting period they define."""

from datetime import date

import frappe
from frappe.utils import flt, get_last_day, getdate


def get_settings() -> dict:
	doc = frappe.get_cached_doc("Shift Settings")
	return {
		"min_rest": flt(doc.min_rest_between_shifts) or 12.0,
		"weekly_rest": flt(doc.weekly_rest) or 42.0,
		"period": doc.accounting_period or "Quarter",
	}


def accounting_period(day, kind: str | None = None) -> tuple[date, date]:
	"""The summarized-accounting period (month, quarter or year) containing the day."""
	day = getdate(day)
	kind = kind or get_settings()["period"]
	if kind == "Month":
		first = date(day.year, day.month, 1)
		return first, getdate(get_last_day(first))
	if kind == "Year":
		return date(day.year, 1, 1), date(day.year, 12, 31)
	month = 3 * ((day.month - 1) // 3) + 1
	first = date(day.year, month, 1)
	return first, getdate(get_last_day(date(day.year, month + 2, 1)))


@frappe.whitelist()
def period_containing(day: str) -> dict:
	"""The accounting period of the day, for the Overtime Period form's defaults."""
	frappe.has_permission("Overtime Period", "read", throw=True)
	first, last = accounting_period(day)
	return {"from_date": str(first), "to_date": str(last)}
