from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.shifts import production_calendar, schedule
from pharmacy_ext.shifts.settings import accounting_period
from pharmacy_ext.shifts.testing import BRANCH, DAY, OFFICE_DAY, clear_shifts, ensure_shift_fixtures

TWO_ON_TWO_OFF = "_Test 2/2"
OFFICE = "_Test 5/2"


def ensure_pattern(name: str, days: list, office: bool = False):
	if not frappe.db.exists("Shift Pattern", name):
		frappe.get_doc(
			{
				"doctype": "Shift Pattern",
				"pattern_name": name,
				"anchor_date": date(2035, 1, 1),  # a Monday
				"follows_production_calendar": int(office),
				"days": [{"shift_type": d} for d in days],
			}
		).insert(ignore_permissions=True)


class TestProductionCalendar(FrappeTestCase):
	def test_shipped_2026_calendar(self):
		# Government decree for 2026: 247 working days; 247 x 8 h less 4 shortened days = 1972 h.
		production_calendar.ensure_calendar(2026)
		production_calendar.clear_cache()
		self.assertEqual(production_calendar.year_totals(2026), (247, 1972))
		# November 2026: 21 weekdays, 4 November a holiday, 3 November shortened: 20 x 8 - 1 = 159 h.
		self.assertEqual(production_calendar.norm_hours(date(2026, 11, 1), date(2026, 11, 30)), 159)
		self.assertEqual(frappe.db.get_value("Production Calendar", "2026", "working_hours"), 1972)

	def test_year_without_data_starts_from_the_labour_code(self):
		# The Labour Code alone for 2026 is the decree's calendar less the two New Year days the decree
		# moved (Sat 3 Jan -> Fri 9 Jan, Sun 4 Jan -> Thu 31 Dec); without the decree 31 Dec is a shortened
		# working day. The automatic moves (Sun 8 Mar -> Mon 9 Mar, Sat 9 May -> Mon 11 May) are law.
		shipped = {d["date"]: d["day_type"] for d in production_calendar.shipped_calendar(2026)["days"]}
		statutory = {d["date"]: d["day_type"] for d in production_calendar.statutory_days(2026)}
		del shipped["2026-01-09"], shipped["2026-12-31"]
		self.assertEqual(statutory.pop("2026-12-31"), "Shortened Day")
		self.assertEqual(statutory, shipped)
		# A year nobody entered is created on first use, marked provisional.
		if not frappe.db.exists("Production Calendar", "2099"):
			production_calendar.clear_cache()
			production_calendar.norm_hours(date(2099, 1, 1), date(2099, 1, 31))
		self.assertIn("не внесены", frappe.db.get_value("Production Calendar", "2099", "source"))

	def test_accounting_periods(self):
		self.assertEqual(
			accounting_period(date(2026, 11, 15), "Quarter"), (date(2026, 10, 1), date(2026, 12, 31))
		)
		self.assertEqual(accounting_period(date(2028, 2, 10), "Month"), (date(2028, 2, 1), date(2028, 2, 29)))
		self.assertEqual(accounting_period(date(2026, 5, 5), "Year"), (date(2026, 1, 1), date(2026, 12, 31)))


class TestScheduleGenerator(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.emp = ensure_shift_fixtures()
		ensure_pattern(TWO_ON_TWO_OFF, [DAY, DAY, None, None])
		ensure_pattern(OFFICE, [OFFICE_DAY] * 5 + [None, None], office=True)

	def tearDown(self):
		for key in ("vera", "dina", "gleb"):
			frappe.db.set_value(
				"Employee", self.emp[key], {"pharm_shift_pattern": None, "pharm_pattern_offset": 0}
			)

	def test_two_on_two_off_month_is_generated_once(self):
		e = self.emp
		clear_shifts(e.values(), date(2035, 12, 1), date(2035, 12, 31))
		frappe.db.set_value(
			"Employee", e["vera"], {"pharm_shift_pattern": TWO_ON_TWO_OFF, "pharm_pattern_offset": 0}
		)
		frappe.db.set_value(
			"Employee", e["dina"], {"pharm_shift_pattern": TWO_ON_TWO_OFF, "pharm_pattern_offset": 2}
		)
		# 1 Dec 2035 is day 334 of the cycle started 1 Jan: 334 % 4 = 2, so Vera (offset 0) is off on
		# 1-2 Dec and works 3-4, 7-8, ... 31 Dec (15 days); Dina (offset 2) works 1-2, 5-6, ... 29-30 (16).
		created = schedule.generate_for_branch(BRANCH.name, date(2035, 12, 1), date(2035, 12, 31))
		self.assertEqual(created, 31)
		vera = frappe.get_all(
			"Shift Assignment",
			filters={
				"employee": e["vera"],
				"docstatus": 1,
				"start_date": ["between", ["2035-12-01", "2035-12-31"]],
			},
			pluck="start_date",
			order_by="start_date",
		)
		self.assertEqual(len(vera), 15)
		self.assertEqual(vera[:3], [date(2035, 12, 3), date(2035, 12, 4), date(2035, 12, 7)])
		self.assertEqual(
			frappe.db.get_value(
				"Shift Assignment",
				{"employee": e["vera"], "start_date": "2035-12-03", "docstatus": 1},
				"pharm_branch",
			),
			BRANCH.name,
		)
		self.assertEqual(schedule.generate_for_branch(BRANCH.name, date(2035, 12, 1), date(2035, 12, 31)), 0)
		# One unqualified pharmacist a day against a rule of two staff and an Rx pharmacist every open hour:
		# the schedule report lists both gaps for 08:00-20:00 each day.
		report = frappe.get_attr(
			"pharmacy_ext.shifts.report.pharmacy_shift_schedule.pharmacy_shift_schedule.execute"
		)
		_columns, _rows, message, chart = report({"branch": BRANCH.name, "month": "2035-12-01"})
		self.assertIn("fewer staff than the rule asks at 08:00-20:00", message)
		self.assertIn("no pharmacist qualified for prescription dispensing at 08:00-20:00", message)
		self.assertEqual(chart["data"]["datasets"][1]["values"][0], 12)

	def test_office_pattern_skips_holidays(self):
		# March 2035 of the test calendar: 22 weekdays, 8 March a public holiday -> 21 office days.
		e = self.emp
		clear_shifts([e["gleb"]], date(2035, 3, 1), date(2035, 3, 31))
		frappe.db.set_value("Employee", e["gleb"], {"pharm_shift_pattern": OFFICE, "pharm_pattern_offset": 0})
		self.assertEqual(schedule.generate_for_branch(BRANCH.name, date(2035, 3, 1), date(2035, 3, 31)), 21)
		self.assertFalse(
			frappe.db.exists(
				"Shift Assignment", {"employee": e["gleb"], "start_date": "2035-03-08", "docstatus": 1}
			)
		)
		# The schedule report: 09-18 less the 1-hour unpaid break = 8 h x 21 days = 168 h against the
		# 167 h norm of the test March (one shortened day).
		report = frappe.get_attr(
			"pharmacy_ext.shifts.report.pharmacy_shift_schedule.pharmacy_shift_schedule.execute"
		)
		_columns, rows, _message, chart = report(
			{"branch": BRANCH.name, "month": "2035-03-01", "employee": e["gleb"]}
		)
		self.assertEqual(
			(rows[0]["planned_hours"], rows[0]["norm_hours"], rows[0]["balance_hours"]), (168, 167, 1)
		)
		self.assertEqual(rows[0]["d1"], "09-18")
		self.assertNotIn("d8", rows[0])
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), 21)

	def test_branch_is_taken_from_the_employee(self):
		day = date(2035, 12, 25)
		clear_shifts([self.emp["vera"]], day, day)
		doc = frappe.get_doc(
			{
				"doctype": "Shift Assignment",
				"employee": self.emp["vera"],
				"shift_type": DAY,
				"start_date": day,
				"end_date": day,
			}
		).insert(ignore_permissions=True)
		self.assertEqual(doc.pharm_branch, BRANCH.name)

	def test_daily_job_plans_next_month_from_the_20th(self):
		e = self.emp
		clear_shifts([e["vera"]], date(2036, 1, 1), date(2036, 1, 31))
		frappe.db.set_value(
			"Employee", e["vera"], {"pharm_shift_pattern": TWO_ON_TWO_OFF, "pharm_pattern_offset": 0}
		)
		self.assertEqual(schedule.generate_next_month(date(2035, 12, 10), [BRANCH.name]), 0)
		schedule.generate_next_month(date(2035, 12, 20), [BRANCH.name])
		january = frappe.db.count(
			"Shift Assignment",
			{"employee": e["vera"], "docstatus": 1, "start_date": ["between", ["2036-01-01", "2036-01-31"]]},
		)
		self.assertEqual(january, 15)  # 1 Jan 2036 is cycle day (365 % 4 =) 1: on 1, 4-5, 8-9, ... 28-29
