"""Item search and analogue lookup latency on a 50,000-item catalogue (target: p95 under 200 ms each).

The catalogue is the demo's 2,000 items, each in 25 variants (makers, pack sizes, own barcodes), with prices and
stock in three pharmacies each. It is committed (and the tables analysed) so the optimiser sees a real 50,000-item
table, and deleted again at the end (item codes BENCH-*): the site is left as it was. Calls go through the same Python functions the desk calls (no HTTP, so the figures are the server's
own time). Run on demand, as the bench user, from the bench root:

env/bin/python tests/benchmarks/bench_item_search.py [--site test.pharmacy.localhost] [--items 50000]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

BENCH_ROOT = Path(__file__).resolve().parents[2]
VARIANT_MAKERS = (
	"Озон",
	"Вертекс",
	"Канонфарма",
	"Тева",
	"Сандоз",
	"Гедеон Рихтер",
	"Штада",
	"КРКА",
)


def percentile(values: list[float], share: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(label: str, calls: list, fn) -> list[float]:
	times = []
	for args in calls:
		started = time.perf_counter()
		fn(*args)
		times.append((time.perf_counter() - started) * 1000)
	print(
		f"{label:<34} n={len(times):<4} p50 {statistics.median(times):7.1f} ms   "
		f"p95 {percentile(times, 0.95):7.1f} ms   max {max(times):7.1f} ms"
	)
	return times


def build_catalogue(target: int, rng: random.Random) -> list[dict]:
	from pharmacy_ext.demo.plan import build_plan, ean13

	base = build_plan(seed=42, scale=1, anchor=date(2026, 12, 1)).items
	variants = -(-target // len(base))
	items = []
	for k in range(variants):
		for n, item in enumerate(base):
			if len(items) == target:
				return items
			maker = VARIANT_MAKERS[(n + k) % len(VARIANT_MAKERS)]
			items.append(
				{
					**item,
					"item_code": f"BENCH-{k:02d}-{n:05d}",
					"item_name": item["item_name"] if k == 0 else f"{item['item_name']} ({maker}, вар. {k})",
					"pack_qty": (item.get("pack_qty") or 10) * (1 + k % 3),
					"gtin": ean13(f"29{k:02d}{n:08d}"),
				}
			)
	return items


def insert_catalogue(frappe, items: list[dict], rng: random.Random):
	now = frappe.utils.now()
	uom = frappe.db.get_single_value("Stock Settings", "stock_uom")
	group = frappe.db.get_value("Item Group", {"is_group": 0}, "name")
	price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list")
	warehouses = frappe.get_all(
		"Warehouse",
		filters={"pharm_branch": ["is", "set"], "is_group": 0},
		pluck="name",
	)
	common = {
		"creation": now,
		"modified": now,
		"owner": "Administrator",
		"modified_by": "Administrator",
	}
	item_rows, barcode_rows, price_rows, bin_rows = [], [], [], []
	category = {
		"drug": "Drug",
		"supplement": "Supplement",
		"device": "Medical Device",
		"hygiene": "Hygiene",
	}
	for item in items:
		code = item["item_code"]
		item_rows.append(
			{
				**common,
				"name": code,
				"item_code": code,
				"item_name": item["item_name"],
				"item_group": group,
				"stock_uom": uom,
				"is_stock_item": 1,
				"pharm_category": category.get(item["category"]),
				"pharm_inn": item.get("inn"),
				"pharm_trade_name": item.get("trade_name"),
				"pharm_atc_code": item.get("atc_code"),
				"pharm_dosage_form": item.get("dosage_form"),
				"pharm_strength": item.get("strength"),
				"pharm_pack_qty": item.get("pack_qty"),
			}
		)
		barcode_rows.append(
			{
				**common,
				"name": f"bb-{code}",
				"parent": code,
				"parenttype": "Item",
				"parentfield": "barcodes",
				"idx": 1,
				"barcode": item["gtin"],
				"barcode_type": "EAN",
			}
		)
		price_rows.append(
			{
				**common,
				"name": f"bp-{code}",
				"item_code": code,
				"item_name": item["item_name"],
				"price_list": price_list,
				"price_list_rate": item["price"],
				"selling": 1,
				"currency": "RUB",
				"uom": uom,
			}
		)
		for warehouse in rng.sample(warehouses, k=min(len(warehouses), 3)):
			bin_rows.append(
				{
					**common,
					"name": f"bn-{code}-{warehouse}"[:140],
					"item_code": code,
					"warehouse": warehouse,
					"actual_qty": rng.randrange(0, 40),
					"stock_uom": uom,
				}
			)
	for doctype, rows in (
		("Item", item_rows),
		("Item Barcode", barcode_rows),
		("Item Price", price_rows),
		("Bin", bin_rows),
	):
		fields = list(rows[0])
		frappe.db.bulk_insert(
			doctype,
			fields,
			[tuple(r[f] for f in fields) for r in rows],
			chunk_size=5000,
		)
	frappe.db.commit()
	for table in ("tabItem", "tabItem Barcode", "tabItem Price", "tabBin"):
		frappe.db.sql(f"analyze table `{table}`")


def delete_catalogue(frappe):
	frappe.db.rollback()
	for table, column in (
		("tabBin", "item_code"),
		("tabItem Price", "item_code"),
		("tabItem Barcode", "parent"),
		("tabItem", "name"),
	):
		frappe.db.sql(f"delete from `{table}` where `{column}` like 'BENCH-%%'")
	frappe.db.commit()


def typo(text: str, rng: random.Random) -> str:
	"""One slip a hurried pharmacist makes: a wrong vowel, a doubled or a dropped letter."""
	word = text.split()[0]
	if len(word) < 5:
		return word
	i = rng.randrange(1, len(word) - 1)
	kind = rng.choice(("vowel", "double", "drop"))
	if kind == "vowel":
		return word[:i] + rng.choice("аоеи") + word[i + 1 :]
	if kind == "double":
		return word[:i] + word[i] + word[i:]
	return word[:i] + word[i + 1 :]


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", default="test.pharmacy.localhost")
	parser.add_argument("--items", type=int, default=50000)
	parser.add_argument("--queries", type=int, default=200)
	args = parser.parse_args()

	os.chdir(BENCH_ROOT / "sites")
	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from pharmacy_ext.catalogue.analogues import get_analogues
	from pharmacy_ext.catalogue.search import invalidate_index, search_items

	rng = random.Random(7)
	started = time.perf_counter()
	items = build_catalogue(args.items, rng)
	delete_catalogue(frappe)  # what an interrupted earlier run left
	insert_catalogue(frappe, items, rng)
	total = frappe.db.count("Item")
	print(
		f"catalogue: {total} items on {args.site} ({time.perf_counter() - started:.1f} s to write; deleted after)"
	)
	branch = frappe.db.get_value("Branch", {"pharm_branch_type": "Pharmacy"}, "name")
	try:
		invalidate_index()
		started = time.perf_counter()
		search_items("ибупрофен", branch=branch)
		print(
			f"search index build (first query after a change): {(time.perf_counter() - started) * 1000:.0f} ms"
		)
		sample = rng.sample(items, args.queries)
		with_names = [i for i in sample if i.get("trade_name") or i.get("inn")]
		print(f"--- p95 target: under 200 ms (branch: {branch})")
		timed(
			"analogues (get_analogues)",
			[(i["item_code"], branch) for i in sample],
			get_analogues,
		)
		timed("search: barcode scan", [(i["gtin"], branch) for i in sample], search_items)
		timed(
			"search: trade name / INN prefix",
			[((i.get("trade_name") or i["inn"])[:5], branch) for i in with_names],
			search_items,
		)
		timed(
			"search: full INN",
			[(i["inn"], branch) for i in with_names if i.get("inn")],
			search_items,
		)
		misspelt = [(typo(i.get("trade_name") or i["item_name"], rng), branch) for i in sample]
		timed("search: misspelt name", misspelt, search_items)
		# Variants of one demo item share the code's tail (BENCH-kk-nnnnn): any of them is the right answer.
		found = sum(
			1
			for item, (query, _branch) in zip(sample, misspelt, strict=True)
			if any(
				row["item_code"][-5:] == item["item_code"][-5:]
				or (item.get("inn") and row.get("pharm_inn") == item["inn"])
				for row in search_items(query, branch=branch)["items"]
			)
		)
		print(f"misspelt names whose item came back among the results: {found} of {len(sample)}")
	finally:
		delete_catalogue(frappe)
		invalidate_index()
		frappe.destroy()


if __name__ == "__main__":
	sys.exit(main())
