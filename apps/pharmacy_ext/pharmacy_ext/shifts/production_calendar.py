"""The Russian production calendar: norm of working hours for any range of dates.

Data-driven: each year is a Production Calendar document listing only the exceptions (public holidays,
transferred days off, shortened pre-holiday days, weekends made working days); every other Monday-Friday
is an 8-hour working day of the 40-hour week (Labour Code of Russia, art. 91, 95, 112).
Years shipped with the app live in shifts/data/production_calendar_<year>.json and are loaded on first use.
"""

import json
import os
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import getdate

FULL_DAY_HOURS = 8.0  # 40-hour week
SHORTENED_DAY_HOURS = 7.0  # the day before a public holiday is one hour shorter (art. 95)
NON_WORKING = ("Public Holiday", "Day Off")
DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def shipped_calendar(year: int) -> dict | None:
	path = os.path.join(DATA_DIR, f"production_calendar_{year}.json")
	if not os.path.exists(path):
		return None
	with open(path, encoding="utf-8") as fh:
		return json.load(fh)


def ensure_calendar(year: int) -> str | None:
	"""The year's calendar, created from the shipped data when the site has none yet."""
	name = frappe.db.get_value("Production Calendar", {"year": year}, "name")
	if name:
		return name
	data = shipped_calendar(year)
	if not data:
		return None
	doc = frappe.get_doc({"doctype": "Production Calendar", **data})
	doc.insert(ignore_permissions=True)
	return doc.name


def day_types(year: int) -> dict[date, str]:
	"""{date: day type} of the year's exceptions; throws when the year has no calendar."""
	cached = frappe.local.cache.setdefault("pharm_production_calendar", {})
	if year not in cached:
		name = ensure_calendar(year)
		if not name:
			frappe.throw(
				_("There is no Production Calendar for {0}: create it with the year's holidays first").format(
					year
				),
				title=_("Production Calendar Missing"),
			)
		rows = frappe.get_all(
			"Production Calendar Day", filters={"parent": name}, fields=["date", "day_type"]
		)
		cached[year] = {getdate(r.date): r.day_type for r in rows}
	return cached[year]


def clear_cache():
	frappe.local.cache.pop("pharm_production_calendar", None)


def day_norm(day: date) -> float:
	kind = day_types(day.year).get(day)
	if kind in NON_WORKING:
		return 0.0
	if kind == "Shortened Day":
		return SHORTENED_DAY_HOURS
	if kind == "Working Day":
		return FULL_DAY_HOURS
	return FULL_DAY_HOURS if day.weekday() < 5 else 0.0


def is_working_day(day: date) -> bool:
	return day_norm(day) > 0


def is_public_holiday(day: date) -> bool:
	return day_types(day.year).get(day) == "Public Holiday"


def dates(from_date, to_date):
	day, last = getdate(from_date), getdate(to_date)
	while day <= last:
		yield day
		day += timedelta(days=1)


def norm_hours(from_date, to_date) -> float:
	"""Norm of the 40-hour week for the range, both ends included."""
	return sum(day_norm(day) for day in dates(from_date, to_date))


def year_totals(year: int) -> tuple[int, float]:
	days = [d for d in dates(date(year, 1, 1), date(year, 12, 31)) if is_working_day(d)]
	return len(days), sum(day_norm(d) for d in days)
