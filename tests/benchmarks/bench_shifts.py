"""How fast the shift-swap checks and the overtime period close are on a site with the demo loaded
(read-only: nothing is written). Run on demand as the bench user:

runuser -u frappe -- env/bin/python tests/benchmarks/bench_shifts.py --site SITE [--runs 50]

Prints the p50/p95 of evaluating every check of a swap (as the form does on each save and on approval),
and the time to compute the last closed month for every employee (Overtime Period.calculate).
"""

import argparse
import os
import statistics
import time
from pathlib import Path

BENCH_ROOT = Path(__file__).resolve().parents[2]


def percentile(values, share):
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", default="test.pharmacy.localhost")
	parser.add_argument("--runs", type=int, default=50)
	args = parser.parse_args()

	os.chdir(BENCH_ROOT / "sites")
	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from frappe.utils import add_months, get_first_day, get_last_day, getdate, today

	from pharmacy_ext.shifts import swap_rules

	shifts = frappe.get_all(
		"Shift Assignment",
		filters={
			"docstatus": 1,
			"start_date": [">", today()],
			"pharm_branch": ["is", "set"],
		},
		fields=["name", "employee", "start_date", "pharm_branch"],
		order_by="start_date",
		limit=400,
	)
	pairs = [
		(a, b)
		for i, a in enumerate(shifts)
		for b in shifts[i + 1 : i + 20]
		if a.pharm_branch == b.pharm_branch and a.employee != b.employee and a.start_date != b.start_date
	][: args.runs]
	if not pairs:
		raise SystemExit("no future shifts: load the demo first")
	timings = []
	for a, b in pairs:
		request = frappe._dict(
			swap_type="Swap",
			requester=a.employee,
			requester_shift=a.name,
			colleague=b.employee,
			colleague_shift=b.name,
		)
		started = time.perf_counter()
		swap_rules.evaluate(request)
		timings.append((time.perf_counter() - started) * 1000)
		frappe.local.cache.clear()  # each request starts cold, as a web request does
	print(
		f"swap checks: {len(timings)} swaps  p50 {statistics.median(timings):.0f} ms  "
		f"p95 {percentile(timings, 0.95):.0f} ms  max {max(timings):.0f} ms"
	)

	first = getdate(get_first_day(add_months(today(), -1)))
	period = frappe.get_doc(
		{
			"doctype": "Overtime Period",
			"company": frappe.defaults.get_global_default("company"),
			"from_date": first,
			"to_date": getdate(get_last_day(first)),
		}
	)
	started = time.perf_counter()
	period.calculate()
	elapsed = time.perf_counter() - started
	employees = frappe.db.count("Employee", {"status": "Active"})
	print(
		f"period close {first:%Y-%m}: {employees} employees scanned, {len(period.lines)} lines in {elapsed:.2f} s "
		f"({elapsed * 1000 / max(employees, 1):.0f} ms per employee)"
	)
	frappe.db.rollback()
	frappe.destroy()


if __name__ == "__main__":
	main()
