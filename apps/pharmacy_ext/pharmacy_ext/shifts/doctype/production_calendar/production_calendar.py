import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from pharmacy_ext.shifts import production_calendar


class ProductionCalendar(Document):
	def validate(self):
		seen = set()
		for row in self.days:
			day = getdate(row.date)
			if day.year != cint(self.year):
				frappe.throw(_("Row {0}: {1} is not in {2}").format(row.idx, row.date, self.year))
			if day in seen:
				frappe.throw(_("Row {0}: {1} is listed twice").format(row.idx, row.date))
			seen.add(day)
		self.days.sort(key=lambda row: getdate(row.date))
		for idx, row in enumerate(self.days, start=1):
			row.idx = idx

	def on_update(self):
		production_calendar.clear_cache()
		self.working_days, self.working_hours = production_calendar.year_totals(cint(self.year))
		self.db_set({"working_days": self.working_days, "working_hours": self.working_hours})
