import threading
from datetime import date, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.shifts.testing import (
	MORNING,
	NIGHT,
	STAFF,
	assign,
	clear_shifts,
	ensure_shift_fixtures,
	set_min_staff,
)

# Each test uses its own week of 2035 (Mondays), so tests never see each other's shifts.
WEEKS = {
	"flow": date(2035, 10, 1),
	"decline": date(2035, 10, 8),
	"qualification": date(2035, 10, 15),
	"staffing": date(2035, 10, 22),
	"rx": date(2035, 10, 29),
	"rest": date(2035, 11, 5),
	"weekly": date(2035, 11, 12),
	"race": date(2035, 11, 19),
	"reject": date(2035, 11, 26),
	"give_away": date(2035, 12, 3),
}


def user(key: str) -> str:
	return STAFF[key].email


def propose(requester: str, shift: str, colleague: str, colleague_shift: str | None = None, as_user=None):
	frappe.set_user(as_user or frappe.db.get_value("Employee", requester, "user_id"))
	doc = frappe.get_doc(
		{
			"doctype": "Shift Swap Request",
			"swap_type": "Swap" if colleague_shift else "Give Away",
			"requester": requester,
			"requester_shift": shift,
			"colleague": colleague,
			"colleague_shift": colleague_shift,
			"reason": "Семейные обстоятельства",
		}
	).insert()
	frappe.set_user("Administrator")
	return doc


def act(name: str, as_user: str, action: str, **kwargs):
	frappe.set_user(as_user)
	try:
		doc = frappe.get_doc("Shift Swap Request", name)
		getattr(doc, action)(**kwargs)
		return doc
	finally:
		frappe.set_user("Administrator")


def check(doc, rule: str):
	return next(row for row in doc.checks if row.rule == rule)


class TestShiftSwapRequest(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.emp = ensure_shift_fixtures()

	def setUp(self):
		frappe.local.lang = "en"
		frappe.set_user("Administrator")
		set_min_staff(2)

	def tearDown(self):
		frappe.set_user("Administrator")
		set_min_staff(2)

	def week(self, key: str) -> date:
		monday = WEEKS[key]
		clear_shifts(self.emp.values(), monday - timedelta(days=1), monday + timedelta(days=7))
		return monday

	def test_full_flow_swaps_both_assignments(self):
		d1 = self.week("flow")
		d2 = d1 + timedelta(days=2)
		e = self.emp
		a, b = assign(e["anna"], d1), assign(e["boris"], d2)
		assign(e["head"], d1), assign(e["head"], d2)
		request = propose(e["anna"], a, e["boris"], b)
		self.assertEqual(request.status, "Proposed")
		self.assertTrue(request.checks_passed, [(c.rule, c.details) for c in request.checks])
		self.assertTrue(
			frappe.db.exists(
				"ToDo", {"reference_name": request.name, "allocated_to": user("boris"), "status": "Open"}
			)
		)
		self.assertRaises(frappe.PermissionError, act, request.name, user("anna"), "accept")
		act(request.name, user("boris"), "accept")
		self.assertTrue(
			frappe.db.exists(
				"ToDo", {"reference_name": request.name, "allocated_to": user("head"), "status": "Open"}
			)
		)
		self.assertRaises(frappe.PermissionError, act, request.name, user("vera"), "approve")
		act(request.name, user("head"), "approve", comment="Согласовано")

		request.reload()
		self.assertEqual(request.status, "Approved")
		self.assertEqual(frappe.db.get_value("Shift Assignment", a, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Shift Assignment", b, "docstatus"), 2)
		new_a = frappe.get_doc("Shift Assignment", request.new_requester_shift)
		new_b = frappe.get_doc("Shift Assignment", request.new_colleague_shift)
		self.assertEqual((new_a.employee, new_a.start_date, new_a.docstatus), (e["boris"], d1, 1))
		self.assertEqual((new_b.employee, new_b.start_date, new_b.docstatus), (e["anna"], d2, 1))
		self.assertEqual(new_a.pharm_swap_request, request.name)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"document_name": request.name, "for_user": user("anna")})
		)
		self.assertTrue(
			frappe.get_all("Version", filters={"ref_doctype": request.doctype, "docname": request.name})
		)

	def test_colleague_declines_and_head_rejects(self):
		d1 = self.week("decline")
		e = self.emp
		a = assign(e["anna"], d1)
		assign(e["head"], d1)
		declined = propose(e["anna"], a, e["boris"])
		act(declined.name, user("boris"), "decline", comment="Не могу")
		self.assertEqual(frappe.db.get_value("Shift Swap Request", declined.name, "status"), "Declined")
		self.assertRaises(frappe.ValidationError, act, declined.name, user("head"), "approve")

		rejected = propose(e["anna"], a, e["boris"])
		act(rejected.name, user("boris"), "accept")
		act(rejected.name, user("head"), "reject", comment="Нужна в этот день")
		self.assertEqual(frappe.db.get_value("Shift Swap Request", rejected.name, "status"), "Rejected")
		self.assertEqual(
			frappe.db.get_value("Shift Assignment", a, ["employee", "docstatus"]), (e["anna"], 1)
		)

	def test_requester_cancels_an_open_request(self):
		d1 = self.week("reject")
		e = self.emp
		a = assign(e["anna"], d1)
		assign(e["head"], d1)
		request = propose(e["anna"], a, e["boris"])
		self.assertRaises(frappe.PermissionError, act, request.name, user("boris"), "cancel_request")
		act(request.name, user("anna"), "cancel_request")
		self.assertEqual(frappe.db.get_value("Shift Swap Request", request.name, "status"), "Cancelled")

	def test_receiver_must_be_qualified(self):
		d1 = self.week("qualification")
		e = self.emp
		a = assign(e["anna"], d1, rx_duty=True)
		assign(e["head"], d1)
		to_vera = propose(e["anna"], a, e["vera"])
		self.assertFalse(to_vera.checks_passed)
		self.assertIn("not qualified for prescription dispensing", check(to_vera, "Qualification").details)
		to_gleb = propose(e["anna"], a, e["gleb"])
		self.assertIn("does not hold the role Pharmacist", check(to_gleb, "Qualification").details)
		act(to_vera.name, user("vera"), "accept")
		with self.assertRaises(frappe.ValidationError) as raised:
			act(to_vera.name, user("head"), "approve")
		self.assertIn("not qualified for prescription dispensing", str(raised.exception))
		self.assertEqual(frappe.db.get_value("Shift Assignment", a, "docstatus"), 1)

	def test_minimum_staffing(self):
		# Anna and the head work 08-20, Boris 08-14: three people until 14:00. If Boris also takes Anna's
		# shift, only two distinct people are left from 08:00 to 14:00 (the rule asks for three).
		d1 = self.week("staffing")
		e = self.emp
		set_min_staff(3)
		a = assign(e["anna"], d1)
		assign(e["head"], d1), assign(e["boris"], d1, MORNING)
		request = propose(e["anna"], a, e["boris"])
		staffing = check(request, "Minimum staffing")
		self.assertFalse(staffing.passed)
		self.assertIn("fewer than 3 staff", staffing.details)
		self.assertIn("08:00-09:00", staffing.details)
		self.assertNotIn("14:00-15:00", staffing.details)  # already short before the swap: not its fault
		self.assertFalse(check(request, "No overlapping shifts").passed)

	def test_rx_pharmacist_coverage(self):
		# Day 1: Anna (qualified) and Vera (not). Day 2: Dina (not) and the head. Swapping Anna and Dina
		# leaves day 1 with nobody qualified for prescriptions.
		d1 = self.week("rx")
		d2 = d1 + timedelta(days=1)
		e = self.emp
		a = assign(e["anna"], d1)
		assign(e["vera"], d1)
		b = assign(e["dina"], d2)
		assign(e["head"], d2)
		request = propose(e["anna"], a, e["dina"], b)
		coverage = check(request, "Prescription pharmacist coverage")
		self.assertFalse(coverage.passed)
		self.assertIn("no pharmacist qualified for prescription dispensing", coverage.details)
		self.assertTrue(check(request, "Qualification").passed)
		self.assertTrue(check(request, "Minimum staffing").passed)

	def test_rest_between_shifts(self):
		# Boris works the night before (20:00-08:00); Anna's day shift starts at 08:00: 0 h of rest.
		d1 = self.week("rest") + timedelta(days=2)
		e = self.emp
		a = assign(e["anna"], d1)
		assign(e["head"], d1)
		assign(e["boris"], d1 - timedelta(days=1), NIGHT)
		request = propose(e["anna"], a, e["boris"])
		rest = check(request, "Rest between shifts")
		self.assertFalse(rest.passed)
		self.assertIn("rest only 0.0 h", rest.details)
		self.assertTrue(check(request, "No overlapping shifts").passed)

	def test_weekly_uninterrupted_rest(self):
		# Boris works Mon, Wed, Fri 08-20: his longest rest is Fri 20:00 -> Mon 00:00 = 52 h. Taking
		# Anna's Sunday shift leaves 36 h (Mon 20:00 -> Wed 08:00 and the like) < 42 h (art. 110).
		monday = self.week("weekly")
		e = self.emp
		for k in (0, 2, 4):
			assign(e["boris"], monday + timedelta(days=k))
		sunday = monday + timedelta(days=6)
		a = assign(e["anna"], sunday)
		assign(e["head"], sunday)
		request = propose(e["anna"], a, e["boris"])
		weekly = check(request, "Weekly uninterrupted rest")
		self.assertFalse(weekly.passed)
		self.assertIn("at most 36.0 h", weekly.details)
		self.assertTrue(check(request, "Rest between shifts").passed)

	def test_two_approvals_of_one_shift_race(self):
		d1 = self.week("race")
		e = self.emp
		a = assign(e["anna"], d1)
		assign(e["head"], d1)
		b = assign(e["boris"], d1 + timedelta(days=2))
		c = assign(e["olga"], d1 + timedelta(days=3))
		first = propose(e["anna"], a, e["boris"], b)
		second = propose(e["anna"], a, e["olga"], c)
		act(first.name, user("boris"), "accept")
		act(second.name, user("olga"), "accept")
		frappe.db.commit()

		site, results, barrier = frappe.local.site, {}, threading.Barrier(2)

		def approve(name):
			frappe.init(site=site)
			frappe.connect()
			try:
				frappe.set_user(user("head"))
				doc = frappe.get_doc("Shift Swap Request", name)
				barrier.wait(timeout=30)
				doc.approve()
				frappe.db.commit()
				results[name] = "approved"
			except frappe.ValidationError:
				frappe.db.rollback()
				results[name] = "refused"
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=approve, args=(n,)) for n in (first.name, second.name)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(timeout=120)
		self.assertEqual(sorted(results.values()), ["approved", "refused"])
		holders = frappe.get_all(
			"Shift Assignment",
			filters={
				"start_date": d1,
				"docstatus": 1,
				"employee": ["in", [e["anna"], e["boris"], e["olga"]]],
			},
			pluck="employee",
		)
		self.assertEqual(len(holders), 1)
		self.assertIn(holders[0], (e["boris"], e["olga"]))
		statuses = sorted(
			frappe.db.get_value("Shift Swap Request", n, "status") for n in (first.name, second.name)
		)
		self.assertEqual(statuses, ["Approved", "Cancelled"])

	def test_staff_see_only_their_own_requests_and_the_cost_forecast(self):
		d1 = self.week("reject") + timedelta(days=3)
		e = self.emp
		a = assign(e["anna"], d1)
		assign(e["head"], d1)
		request = propose(e["anna"], a, e["boris"])
		balance = check(request, "Hour balance and overtime")
		self.assertTrue(balance.passed)
		self.assertIn(frappe.db.get_value("Employee", e["boris"], "employee_name"), balance.details)
		self.assertIn("norm", balance.details)
		visible = {}
		for key in ("anna", "boris", "vera", "head"):
			frappe.set_user(user(key))
			visible[key] = request.name in frappe.get_list("Shift Swap Request", pluck="name", limit=0)
			frappe.set_user("Administrator")
		self.assertEqual(visible, {"anna": True, "boris": True, "vera": False, "head": True})
		self.assertRaises(frappe.PermissionError, propose, e["boris"], a, e["vera"], None, user("vera"))
		# A save (as over REST) cannot skip the workflow: the status moves only through the actions.
		frappe.set_user(user("boris"))
		try:
			doc = frappe.get_doc("Shift Swap Request", request.name)
			doc.status = "Approved"
			self.assertRaises(frappe.PermissionError, doc.save)
			doc.reload()
			doc.colleague = e["vera"]
			self.assertRaises(frappe.PermissionError, doc.save)
		finally:
			frappe.set_user("Administrator")

	def test_give_away_moves_one_shift(self):
		d1 = self.week("give_away") + timedelta(days=1)
		e = self.emp
		a = assign(e["anna"], d1, rx_duty=True)
		assign(e["head"], d1)
		request = propose(e["anna"], a, e["boris"])
		self.assertTrue(request.checks_passed, [(c.rule, c.details) for c in request.checks])
		act(request.name, user("boris"), "accept")
		act(request.name, user("head"), "approve")
		request.reload()
		self.assertEqual(request.status, "Approved")
		self.assertIsNone(request.new_colleague_shift)
		holders = frappe.get_all(
			"Shift Assignment",
			filters={"start_date": d1, "docstatus": 1},
			fields=["employee", "pharm_rx_duty"],
		)
		self.assertEqual(
			sorted((h.employee, h.pharm_rx_duty) for h in holders), sorted([(e["boris"], 1), (e["head"], 0)])
		)
