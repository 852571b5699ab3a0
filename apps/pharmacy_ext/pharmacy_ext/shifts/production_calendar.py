"""The Russian production calendar: norm of working hours for any range of dates.

Data-driven: each year is a Production Calendar document listing only the exceptions (public holidays,
transferred days off, shortened pre-holiday days, weekends made working days); every other Monday-Friday
is an 8-hour working day of the 40-hour week (Labour Code of Russia, art. 91, 95, 112).
Years shipped with the app live in shifts/data/production_calendar_<year>.json and are loaded on first use;
a year with no data starts from the Labour Code alone, marked provisional for HR to add the decree's transfers.
"""

import json
import os
from datetime import date, timedelta

import frappe
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


def ensure_calendar(year: int) -> str:
	"""The year's calendar: the site's own, else created from the shipped decree data, else from the
	Labour Code alone (provisional: the government's transfers of days off are not in it yet)."""
	name = frappe.db.get_value("Production Calendar", {"year": year}, "name")
	if name:
		return name
	data = shipped_calendar(year) or {
		"year": year,
		"source": PROVISIONAL_SOURCE,
		"days": statutory_days(year),
	}
	doc = frappe.get_doc({"doctype": "Production Calendar", **data})
	doc.insert(ignore_permissions=True)
	return doc.name


# Non-working public holidays, art. 112 (month, day); 1-8 January are the New Year holidays.
PUBLIC_HOLIDAYS = [(1, d) for d in range(1, 9)] + [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]
PROVISIONAL_SOURCE = "ТК РФ ст. 95, 112 (переносы по постановлению Правительства ещё не внесены)"


def statutory_days(year: int) -> list[dict]:
	"""What the Labour Code alone says about the year: the holidays, a holiday falling on a weekend moving
	to the next working day (not the New Year ones: those the government moves by decree), and the
	shortened day before each holiday."""
	holidays = {date(year, m, d) for m, d in PUBLIC_HOLIDAYS}
	days = {h: "Public Holiday" for h in holidays}
	for holiday in sorted(holidays):
		if holiday.weekday() >= 5 and holiday.month != 1:
			moved = holiday + timedelta(days=1)
			while moved.weekday() >= 5 or moved in days:
				moved += timedelta(days=1)
			days[moved] = "Day Off"
	for holiday in sorted(holidays | {date(year + 1, 1, 1)}):
		eve = holiday - timedelta(days=1)
		if eve.year == year and eve.weekday() < 5 and eve not in days:
			days[eve] = "Shortened Day"
	return [{"date": str(day), "day_type": kind} for day, kind in sorted(days.items())]


def day_types(year: int) -> dict[date, str]:
	"""{date: day type} of the year's exceptions (the calendar is created on first use)."""
	cached = frappe.local.cache.setdefault("pharm_production_calendar", {})
	if year not in cached:
		name = ensure_calendar(year)
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
