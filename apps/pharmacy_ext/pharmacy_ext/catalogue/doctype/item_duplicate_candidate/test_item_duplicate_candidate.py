import csv
from itertools import combinations

import frappe
from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue.duplicate_review import (
	catalogue_records,
	compare,
	merge,
	not_a_duplicate,
	scan,
)
from pharmacy_ext.catalogue.duplicates import find_candidates
from pharmacy_ext.catalogue.sample_files import DUPLICATE_SAMPLE
from pharmacy_ext.tests.fixtures import (
	ensure_test_chain,
	ensure_test_item,
	ensure_test_staff,
	receive_test_stock,
)
from pharmacy_ext.tests.live_server import api_session, base_url

T01 = "_Test Pharmacy 1"
SAMPLE_PREFIX = "_TD-"


def ensure_sample_items() -> dict[str, str]:
	"""The labelled duplicate sample as Items (created once); returns {item code: cluster}."""
	clusters = {}
	with DUPLICATE_SAMPLE.open(encoding="utf-8") as f:
		for row in csv.DictReader(f):
			code = SAMPLE_PREFIX + row["code"]
			clusters[code] = row["cluster"]
			if frappe.db.exists("Item", code):
				continue
			gtin = row["gtin"]
			ensure_test_item(
				code,
				item_name=row["item_name"],
				pharm_inn=row["inn"],
				pharm_trade_name=row["trade_name"],
				pharm_dosage_form=row["dosage_form"],
				pharm_strength=row["strength"],
				pharm_pack_qty=int(row["pack_qty"] or 0),
				pharm_manufacturer=row["manufacturer"],
				barcodes=[{"barcode": gtin, "barcode_type": "EAN" if len(gtin) == 13 else ""}]
				if gtin
				else [],
			)
	frappe.db.commit()
	return clusters


def new_pair(suffix: str, **fields) -> tuple[str, str]:
	"""Two cards of one product (the second with a typo), codes unique to this run."""
	run = frappe.generate_hash(length=6)
	a = ensure_test_item(f"_TDM-{run}-A", item_name=f"Тестодупин{suffix} таб. 50 мг №20", **fields)
	b = ensure_test_item(f"_TDM-{run}-B", item_name=f"Тестодупнн{suffix} табл. 50мг N20", **fields)
	return a, b


def candidate_for(a: str, b: str) -> str | None:
	return frappe.db.get_value("Item Duplicate Candidate", {"item_a": min(a, b), "item_b": max(a, b)})


class TestDuplicateReview(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_test_chain()
		ensure_test_staff()

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_labelled_sample_precision_and_recall(self):
		clusters = ensure_sample_items()
		records = catalogue_records({"name": ("like", SAMPLE_PREFIX + "%")})
		self.assertEqual(len(records), len(clusters))
		found = {(c.item_a, c.item_b) for c in find_candidates(records)}
		truth = {
			(a, b) for a, b in combinations(sorted(clusters), 2) if clusters[a] == clusters[b]
		}  # sorted: pairs are (smaller, larger) like the candidates
		hits = len(found & truth)
		precision, recall = hits / len(found), hits / len(truth)
		print(
			f"\nduplicate sample: {len(truth)} true pairs, {len(found)} found, precision {precision:.3f}, recall {recall:.3f}"
		)
		self.assertGreaterEqual(precision, 0.9)
		self.assertGreaterEqual(recall, 0.9)

	def test_scan_records_pairs_and_not_a_duplicate_never_returns(self):
		a, b = new_pair("ол")
		scan({"name": ("in", [a, b])})
		name = candidate_for(a, b)
		self.assertTrue(name)
		candidate = frappe.get_doc("Item Duplicate Candidate", name)
		self.assertEqual((candidate.rule, candidate.status), ("Similar Name", "Open"))
		self.assertIn("50 мг", candidate.evidence)

		frappe.set_user("director@pharmacy.test")
		not_a_duplicate(name)
		frappe.set_user("Administrator")
		candidate.reload()
		self.assertEqual(
			(candidate.status, candidate.resolved_by), ("Not a Duplicate", "director@pharmacy.test")
		)
		self.assertEqual(scan({"name": ("in", [a, b])}), 0)
		self.assertEqual(frappe.db.count("Item Duplicate Candidate", {"pair_key": candidate.pair_key}), 1)

	def test_merge_keeps_stock_prices_and_history(self):
		keep, old = new_pair("ал")
		receipt = receive_test_stock(old, T01, 7, f"duplicate merge stock {old}", rate=80)
		price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list")
		frappe.get_doc(
			{"doctype": "Item Price", "item_code": old, "price_list": price_list, "price_list_rate": 190}
		).insert(ignore_permissions=True)
		scan({"name": ("in", [keep, old])})
		name = candidate_for(keep, old)
		old_name = frappe.db.get_value("Item", old, "item_name")
		side_by_side = [(row["a"], row["b"]) for row in compare(name)]
		self.assertIn((0, 7), side_by_side)  # the reviewer sees where the stock is (item_a is the kept one)

		frappe.set_user("director@pharmacy.test")
		self.assertEqual(merge(name, keep), keep)
		frappe.set_user("Administrator")

		self.assertFalse(frappe.db.exists("Item", old))
		warehouse = frappe.db.get_value("Branch", T01, "pharm_warehouse")
		self.assertEqual(
			frappe.db.get_value("Bin", {"item_code": keep, "warehouse": warehouse}, "actual_qty"), 7
		)
		self.assertEqual(
			frappe.db.get_value("Stock Ledger Entry", {"voucher_no": receipt}, "item_code"), keep
		)
		self.assertEqual(
			frappe.db.get_value(
				"Item Price", {"item_code": keep, "price_list": price_list}, "price_list_rate"
			),
			190,
		)
		candidate = frappe.get_doc("Item Duplicate Candidate", name)
		self.assertEqual(
			(candidate.status, candidate.kept_item, candidate.merged_item, candidate.merged_item_name),
			("Merged", keep, old, old_name),
		)
		self.assertEqual(candidate.resolved_by, "director@pharmacy.test")
		self.assertTrue(candidate.resolved_on)

	def test_pharmacist_may_not_merge_or_dismiss(self):
		a, b = new_pair("ил")
		scan({"name": ("in", [a, b])})
		name = candidate_for(a, b)
		frappe.set_user("t01.pharmacist@pharmacy.test")
		self.assertRaises(frappe.PermissionError, merge, name, a)
		self.assertRaises(frappe.PermissionError, not_a_duplicate, name)
		frappe.set_user("Administrator")
		self.assertTrue(frappe.db.exists("Item", b))
		self.assertEqual(frappe.db.get_value("Item Duplicate Candidate", name, "status"), "Open")

	def test_review_over_http_is_refused_to_a_pharmacist_and_allowed_to_the_director(self):
		a, b = new_pair("ус")
		scan({"name": ("in", [a, b])})
		name = candidate_for(a, b)
		frappe.db.commit()
		url, method = base_url(), "pharmacy_ext.catalogue.duplicate_review"
		pharmacist = api_session("t01.pharmacist@pharmacy.test")
		response = pharmacist.post(
			f"{url}/api/method/{method}.merge", data={"name": name, "keep": a}, timeout=60
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(
			pharmacist.get(f"{url}/api/resource/Item Duplicate Candidate/{name}", timeout=30).status_code, 403
		)
		director = api_session("director@pharmacy.test")
		response = director.post(
			f"{url}/api/method/{method}.not_a_duplicate", data={"name": name}, timeout=60
		)
		self.assertEqual(response.status_code, 200, response.text[:500])
		self.assertEqual(frappe.db.get_value("Item Duplicate Candidate", name, "status"), "Not a Duplicate")
		self.assertTrue(frappe.db.exists("Item", b))

	def test_items_with_different_batch_settings_get_a_clear_refusal(self):
		a, _b = new_pair("ен")
		b = ensure_test_item(
			f"{a[:-2]}-C", item_name=frappe.db.get_value("Item", a, "item_name") + " ", has_batch_no=1
		)
		frappe.get_doc(
			{
				"doctype": "Item Duplicate Candidate",
				"item_a": a,
				"item_b": b,
				"score": 90,
				"rule": "Similar Name",
			}
		).insert(ignore_permissions=True)
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be merged"):
			merge(candidate_for(a, b), a)
		self.assertTrue(frappe.db.exists("Item", b))
