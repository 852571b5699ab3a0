from datetime import date, datetime, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.shifts.employee_hours import employee_norm, hourly_rate, worked_intervals
from pharmacy_ext.shifts.salary_setup import ensure_salary
from pharmacy_ext.shifts.testing import BRANCH, OFFICE_DAY, assign, clear_shifts, ensure_shift_fixtures
from pharmacy_ext.shifts.worktime import period_hours
from pharmacy_ext.tests.fixtures import test_company

MARCH = (date(2035, 3, 1), date(2035, 3, 31))
# The worked example, March 2035 of the test calendar (testing.TEST_CALENDAR_DAYS):
# - norm: 1 March 2035 is a Thursday, so March has 22 weekdays; 8 March (Thu) is a public holiday -> 21
#   working days x 8 h = 168 h, less 1 h for the shortened 7 March = 167 h;
# - salary 83 500 RUB a month -> hourly rate 83 500 / 167 = 500 RUB;
# - worked: 12 day shifts 08-20 on ordinary days (144 h), 3 nights 20-08 (36 h, of them 3 x 8 = 24 h
#   between 22 and 06), 1 day shift 08-20 on the holiday 8 March (12 h), and the night of 31 March
#   20:00 -> 1 April 08:00, of which only 20:00-24:00 is in March (4 h, 2 h of them night):
#   144 + 36 + 12 + 4 = 196 h worked, 12 h on the holiday, 24 + 2 = 26 night hours;
# - overtime = 196 - 12 (holiday hours are paid double, not counted as overtime) - 167 = 17 h;
#   art. 152: 2 h x 1.5 + 15 h x 2 = 33 rate-hours x 500 = 16 500 RUB;
# - night: 26 h x 500 x 20 % = 2 600 RUB;
# - holiday: the 184 other hours already exceed the 167 h norm, so all 12 h are beyond it: 12 x 2 x 500
#   = 12 000 RUB (art. 153: double rate on top of the salary beyond the monthly norm);
# - total 16 500 + 2 600 + 12 000 = 31 100 RUB.
DAY_SHIFTS = [1, 2, 5, 6, 9, 12, 13, 16, 19, 20, 23, 26]
NIGHT_SHIFTS = [14, 21, 27, 31]
HOLIDAY_SHIFT = 8


def checkin(employee: str, moment: datetime, log_type: str):
	frappe.get_doc(
		{"doctype": "Employee Checkin", "employee": employee, "time": moment, "log_type": log_type}
	).insert(ignore_permissions=True)


class TestOvertimePeriod(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.olga = ensure_shift_fixtures()["olga"]
		ensure_salary(cls.olga, 83500, date(2035, 1, 1))
		cls.reset_march(cls.olga)
		for day in [*DAY_SHIFTS, HOLIDAY_SHIFT]:
			start = datetime(2035, 3, day, 8)
			checkin(cls.olga, start, "IN")
			checkin(cls.olga, start + timedelta(hours=12), "OUT")
		for day in NIGHT_SHIFTS:
			start = datetime(2035, 3, day, 20)
			checkin(cls.olga, start, "IN")
			checkin(cls.olga, start + timedelta(hours=12), "OUT")
		frappe.db.commit()

	@staticmethod
	def reset_march(employee: str):
		"""Earlier runs: cancel their periods (and so their Additional Salaries), drop their check-ins."""
		for name in frappe.get_all(
			"Overtime Period",
			filters={"branch": BRANCH.name, "from_date": MARCH[0], "docstatus": ["<", 2]},
			pluck="name",
		):
			period = frappe.get_doc("Overtime Period", name)
			if period.docstatus == 1:
				period.cancel()
		frappe.db.delete(
			"Employee Checkin", {"employee": employee, "time": ["between", [MARCH[0], date(2035, 4, 2)]]}
		)

	def make_period(self):
		return frappe.get_doc(
			{
				"doctype": "Overtime Period",
				"company": test_company(),
				"branch": BRANCH.name,
				"from_date": MARCH[0],
				"to_date": MARCH[1],
			}
		).insert()

	def test_worked_example_and_payroll_once(self):
		period = self.make_period()
		line = next(row for row in period.lines if row.employee == self.olga)
		self.assertEqual(line.norm_hours, 167)
		self.assertEqual(line.hourly_rate, 500)
		self.assertEqual(line.worked_hours, 196)
		self.assertEqual(line.holiday_hours, 12)
		self.assertEqual(line.night_hours, 26)
		self.assertEqual(line.overtime_hours, 17)
		self.assertEqual(line.overtime_amount, 16500)
		self.assertEqual(line.night_amount, 2600)
		self.assertEqual(line.holiday_amount, 12000)
		self.assertEqual(line.total_amount, 31100)

		period.submit()
		posted = frappe.get_all(
			"Additional Salary",
			filters={"pharm_overtime_period": period.name, "docstatus": 1},
			fields=["employee", "salary_component", "amount", "payroll_date"],
		)
		self.assertEqual(
			sorted((p.salary_component, p.amount) for p in posted if p.employee == self.olga),
			[("Holiday Work", 12000), ("Night Work", 2600), ("Overtime", 16500)],
		)
		line = next(
			row for row in frappe.get_doc("Overtime Period", period.name).lines if row.employee == self.olga
		)
		self.assertTrue(line.overtime_salary and line.night_salary and line.holiday_salary)

		self.assertEqual(period.post_to_payroll(), [])  # a re-run creates nothing new
		again = frappe.get_all(
			"Additional Salary", filters={"pharm_overtime_period": period.name, "docstatus": 1}
		)
		self.assertEqual(len(again), len(posted))
		with self.assertRaises(frappe.ValidationError):
			self.make_period()  # the same dates cannot be closed twice

		report = frappe.get_attr("pharmacy_ext.shifts.report.overtime_register.overtime_register.execute")
		_columns, data, *_rest = report(frappe._dict(overtime_period=period.name))
		row = next(r for r in data if r["employee"] == self.olga)
		self.assertEqual((row["overtime_hours"], row["total_amount"]), (17, 31100))
		self.assertEqual(row["overtime_salary"], line.overtime_salary)


class TestOvertimeLimits(FrappeTestCase):
	"""Art. 99: more than 4 hours beyond the schedule in two consecutive days is warned about."""

	def test_two_day_limit_is_warned(self):
		boris = ensure_shift_fixtures()["boris"]
		april = (date(2035, 4, 1), date(2035, 4, 30))
		frappe.db.delete(
			"Employee Checkin", {"employee": boris, "time": ["between", [april[0], date(2035, 5, 2)]]}
		)
		clear_shifts([boris], *april)
		# Scheduled 08-20 on Mon 2 and Tue 3 April, stayed until 23:00 both days: 3 + 3 = 6 h > 4 h.
		for day in (2, 3):
			assign(boris, date(2035, 4, day))
			checkin(boris, datetime(2035, 4, day, 8), "IN")
			checkin(boris, datetime(2035, 4, day, 23), "OUT")
		period = frappe.get_doc(
			{
				"doctype": "Overtime Period",
				"company": test_company(),
				"branch": BRANCH.name,
				"from_date": april[0],
				"to_date": april[1],
			}
		)
		period.calculate()
		line = next(row for row in period.lines if row.employee == boris)
		self.assertEqual((line.worked_hours, line.night_hours, line.overtime_hours), (30, 2, 0))
		self.assertIn("6.0 h beyond the schedule", line.warnings)
		self.assertIn("limit 4 h in two days", line.warnings)
		self.assertIn("No Salary Structure Assignment", line.warnings)

	def test_unpaid_break_is_not_working_time(self):
		# Gleb's office shift 09-18 has a 1-hour meal break (art. 108): 9 h present = 8 h worked.
		gleb = ensure_shift_fixtures()["gleb"]
		day = date(2035, 4, 10)
		frappe.db.delete("Employee Checkin", {"employee": gleb, "time": ["between", [day, day]]})
		clear_shifts([gleb], day, day)
		assign(gleb, day, OFFICE_DAY)
		checkin(gleb, datetime(2035, 4, 10, 9), "IN")
		checkin(gleb, datetime(2035, 4, 10, 18), "OUT")
		self.assertEqual(
			frappe.db.get_value(
				"Employee Checkin",
				{"employee": gleb, "log_type": "IN", "time": datetime(2035, 4, 10, 9)},
				"shift",
			),
			OFFICE_DAY,
		)
		intervals = worked_intervals(gleb, day, day)
		self.assertEqual(period_hours(intervals, day, day, 8).worked, 8)

	def test_part_time_norm_and_fallback_rate(self):
		# Half a rate: half of the test March norm, 167 / 2 = 83.5 h. No salary structure: the
		# employee's own hourly rate is used.
		vera = ensure_shift_fixtures()["vera"]
		frappe.db.set_value("Employee", vera, {"pharm_employment_rate": 0.5, "pharm_hourly_rate": 400})
		try:
			self.assertEqual(employee_norm(vera, *MARCH), 83.5)
			self.assertEqual(hourly_rate(vera, *MARCH), (400, "Employee hourly rate"))
		finally:
			frappe.db.set_value("Employee", vera, {"pharm_employment_rate": 1, "pharm_hourly_rate": 0})

	def test_branch_head_sees_only_own_branch_periods(self):
		staff = ensure_shift_fixtures()
		chain = frappe.get_doc(
			{
				"doctype": "Overtime Period",
				"company": test_company(),
				"from_date": "2035-05-01",
				"to_date": "2035-05-31",
			}
		).insert()
		own = frappe.get_doc(
			{
				"doctype": "Overtime Period",
				"company": test_company(),
				"branch": BRANCH.name,
				"from_date": "2035-05-01",
				"to_date": "2035-05-31",
			}
		).insert()
		head = frappe.db.get_value("Employee", staff["head"], "user_id")
		frappe.set_user(head)
		try:
			visible = frappe.get_list("Overtime Period", pluck="name", limit=0)
			self.assertIn(own.name, visible)
			self.assertNotIn(chain.name, visible)
			self.assertFalse(frappe.has_permission("Overtime Period", "read", doc=chain.name))
		finally:
			frappe.set_user("Administrator")
