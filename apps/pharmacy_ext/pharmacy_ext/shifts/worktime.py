"""Summarized working-time accounting (Labour Code of Russia, art. 104) and the pay it leads to.

Worked time comes as intervals (check-in/check-out pairs, or attendance with its shift's times), less the
shift's unpaid meal break (art. 108). For an accounting period:
- holiday hours: worked on a public holiday of the production calendar (art. 112), paid per art. 153 —
  one extra hourly rate within the period norm, two beyond it; they are not overtime (Constitutional Court
  of Russia, ruling 26-П of 28.06.2018);
- overtime = other worked hours beyond the norm; art. 152: the first 2 hours x1.5, the rest x2, applied to
  the period total as summarized accounting requires;
- night hours 22:00-06:00 (art. 96): +20 % of the hourly rate (art. 154, Government decree 554).
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from frappe.utils import flt, getdate

from pharmacy_ext.shifts import production_calendar

NIGHT_START, NIGHT_END = time(22, 0), time(6, 0)
NIGHT_SUPPLEMENT = 0.2
OVERTIME_FIRST_HOURS, OVERTIME_FIRST_RATE, OVERTIME_REST_RATE = 2, 1.5, 2.0
TWO_DAY_OVERTIME_LIMIT, YEAR_OVERTIME_LIMIT = 4, 120  # art. 99


def hours(delta: timedelta) -> float:
	return delta.total_seconds() / 3600


def overlap(a_start, a_end, b_start, b_end) -> float:
	return max(0.0, hours(min(a_end, b_end) - max(a_start, b_start)))


def shift_interval(day, start: timedelta, end: timedelta) -> tuple[datetime, datetime]:
	"""A shift type's start/end (timedeltas from MariaDB TIME) on a day; overnight when end <= start."""
	begin = datetime.combine(getdate(day), time()) + start
	finish = datetime.combine(getdate(day), time()) + end
	if finish <= begin:
		finish += timedelta(days=1)
	return begin, finish


def night_hours(start: datetime, end: datetime) -> float:
	total, day = 0.0, start.date() - timedelta(days=1)
	while datetime.combine(day, NIGHT_START) < end:
		night_from = datetime.combine(day, NIGHT_START)
		total += overlap(start, end, night_from, datetime.combine(day + timedelta(days=1), NIGHT_END))
		day += timedelta(days=1)
	return total


def holiday_hours(start: datetime, end: datetime) -> float:
	total, day = 0.0, start.date()
	while datetime.combine(day, time()) < end:
		if production_calendar.is_public_holiday(day):
			midnight = datetime.combine(day, time())
			total += overlap(start, end, midnight, midnight + timedelta(days=1))
		day += timedelta(days=1)
	return total


def clip(intervals, from_date, to_date):
	"""Parts of the intervals inside the period [from_date 00:00, to_date + 1 day 00:00), each as
	(start, end, unpaid break hours); a cut interval keeps its share of the break."""
	lo = datetime.combine(getdate(from_date), time())
	hi = datetime.combine(getdate(to_date) + timedelta(days=1), time())
	parts = []
	for interval in intervals:
		start, end = interval[0], interval[1]
		pause = interval[2] if len(interval) > 2 else 0.0
		cut_start, cut_end = max(start, lo), min(end, hi)
		if cut_end > cut_start:
			parts.append((cut_start, cut_end, pause * hours(cut_end - cut_start) / hours(end - start)))
	return parts


@dataclass
class PeriodHours:
	norm: float
	worked: float = 0.0
	night: float = 0.0
	holiday: float = 0.0
	by_day: dict = field(default_factory=dict)

	@property
	def overtime(self) -> float:
		return max(0.0, self.worked - self.holiday - self.norm)

	@property
	def holiday_within_norm(self) -> float:
		return min(self.holiday, max(0.0, self.norm - (self.worked - self.holiday)))


def period_hours(intervals, from_date, to_date, norm: float) -> PeriodHours:
	result = PeriodHours(norm=flt(norm, 2))
	for start, end, pause in clip(intervals, from_date, to_date):
		# The break is taken outside night and holiday hours where it can be; worked time loses it.
		worked = hours(end - start) - pause
		result.worked += worked
		result.night += min(night_hours(start, end), worked)
		result.holiday += min(holiday_hours(start, end), worked)
		result.by_day[start.date()] = result.by_day.get(start.date(), 0.0) + worked
	return result


def overtime_multiplier_hours(overtime: float) -> float:
	"""Overtime hours weighted by art. 152: 2 x 1.5, the rest x 2."""
	first = min(overtime, OVERTIME_FIRST_HOURS)
	return first * OVERTIME_FIRST_RATE + (overtime - first) * OVERTIME_REST_RATE


@dataclass
class PeriodPay:
	overtime: float
	night: float
	holiday: float

	@property
	def total(self) -> float:
		return self.overtime + self.night + self.holiday


def period_pay(result: PeriodHours, rate: float) -> PeriodPay:
	"""Pay on top of the monthly salary, which already covers the norm hours once."""
	within = result.holiday_within_norm
	return PeriodPay(
		overtime=flt(overtime_multiplier_hours(result.overtime) * rate, 2),
		night=flt(result.night * rate * NIGHT_SUPPLEMENT, 2),
		holiday=flt((within * 1 + (result.holiday - within) * 2) * rate, 2),
	)


def two_day_excess(worked_by_day: dict, planned_by_day: dict) -> list[tuple]:
	"""Consecutive day pairs whose hours beyond the schedule exceed art. 99's 4 hours."""
	excess = {day: worked_by_day.get(day, 0) - planned_by_day.get(day, 0) for day in worked_by_day}
	found = []
	for day in sorted(excess):
		pair = max(0.0, excess[day]) + max(0.0, excess.get(day + timedelta(days=1), 0))
		if pair > TWO_DAY_OVERTIME_LIMIT:
			found.append((day, round(pair, 2)))
	return found
