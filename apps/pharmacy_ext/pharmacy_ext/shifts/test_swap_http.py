"""The swap request over real HTTP: token-authenticated staff, as the desk and a mobile client use it."""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.shifts.testing import STAFF, assign, clear_shifts, ensure_shift_fixtures
from pharmacy_ext.tests.live_server import api_session, base_url

DAY = date(2035, 12, 18)


class TestSwapOverHttp(FrappeTestCase):
	def test_only_the_parties_see_it_and_the_colleague_accepts(self):
		emp = ensure_shift_fixtures()
		clear_shifts(emp.values(), DAY, DAY)
		shift = assign(emp["anna"], DAY)
		assign(emp["head"], DAY)
		frappe.db.commit()
		url = base_url()

		anna = api_session(STAFF["anna"].email)
		created = anna.post(
			f"{url}/api/resource/Shift Swap Request",
			json={
				"swap_type": "Give Away",
				"requester": emp["anna"],
				"requester_shift": shift,
				"colleague": emp["boris"],
			},
			timeout=60,
		)
		self.assertEqual(created.status_code, 200, created.text)
		name = created.json()["data"]["name"]
		self.assertEqual(created.json()["data"]["status"], "Proposed")

		vera = api_session(STAFF["vera"].email)
		self.assertEqual(
			vera.get(f"{url}/api/resource/Shift Swap Request/{name}", timeout=30).status_code, 403
		)
		listed = vera.get(
			f"{url}/api/resource/Shift Swap Request", params={"limit_page_length": 0}, timeout=30
		).json()["data"]
		self.assertNotIn(name, [row["name"] for row in listed])

		boris = api_session(STAFF["boris"].email)
		accepted = boris.post(
			f"{url}/api/method/run_doc_method",
			json={"dt": "Shift Swap Request", "dn": name, "method": "accept"},
			timeout=60,
		)
		self.assertEqual(accepted.status_code, 200, accepted.text)
		approve_by_pharmacist = boris.post(
			f"{url}/api/method/run_doc_method",
			json={"dt": "Shift Swap Request", "dn": name, "method": "approve"},
			timeout=60,
		)
		self.assertEqual(approve_by_pharmacist.status_code, 403)
		frappe.db.rollback()  # a fresh snapshot: the server committed in its own transaction
		self.assertEqual(frappe.db.get_value("Shift Swap Request", name, "status"), "Accepted")
