"""Duplicate scan on 50,000 catalogue items: the blocked scan (pharmacy_ext.catalogue.duplicates) against a naive
comparison of every pair with the same rules. Pure Python, no site. Run on demand:

env/bin/python tests/benchmarks/bench_duplicates.py [items] [naive subset]      (default: 50000 3000)

The items are the demo vocabulary's products (brands, plain INNs and "INN-Maker" generics: many near-identical
names that are different products) plus planted duplicates written the legacy way (abbreviations, "0,5 г",
"N10", capitals, ®, look-alike Latin letters, typos, GTIN-14 of the same barcode). All pairs of 50,000 items are
1.25 billion comparisons, too slow to run in full: the naive scan runs on a subset that holds a share of the
planted pairs, its time is extrapolated by the pair count, and both scans are compared on that subset for recall.
"""

import random
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "apps" / "pharmacy_ext"))

from pharmacy_ext.catalogue import messy
from pharmacy_ext.catalogue.duplicates import (
	RULE_FACTS,
	RULE_GTIN,
	Candidate,
	compare_names,
	conflicts,
	facts_key,
	find_candidates,
	pair_key,
	profile,
)
from pharmacy_ext.demo.plan import ean13

DUPLICATE_SHARE = 0.03


def make_catalogue(size: int, seed: int = 7) -> tuple[list[dict], set[tuple[str, str]]]:
	"""(records, planted duplicate pairs): clean cards plus legacy-style second cards of some of them."""
	rng = random.Random(seed)
	pool = list(
		{p["name"]: p for p in messy.products()}.values()
	)  # a name the vocabulary makes twice is one product
	planted_count = round(size * DUPLICATE_SHARE)
	originals = rng.sample(pool, min(len(pool), size - planted_count))
	records = []
	for n, product in enumerate(originals):
		gtin = ean13(f"46{n:010d}")
		records.append(
			{
				"name": f"IT-{n:06d}",
				"item_name": product["name"],
				"inn": product["inn"],
				"trade_name": product["trade_name"],
				"dosage_form": product["dosage_form"],
				"strength": product["strength"],
				"pack_qty": product["pack_qty"],
				"manufacturer": product["manufacturer"],
				"gtins": [gtin],
				"product": n,
			}
		)
	planted = set()
	while len(records) < size:
		original = rng.choice(records[: len(originals)])
		product = originals[original["product"]]
		roll = rng.random()
		duplicate = {
			"name": f"DU-{len(records):06d}",
			"item_name": messy.messy_name(rng, product, with_typo=roll < 0.4),
			"manufacturer": product["manufacturer"] if rng.random() < 0.7 else "",
			"gtins": ["0" + original["gtins"][0]] if roll > 0.85 else [],
			"product": original["product"],
		}
		records.append(duplicate)
		planted.add(pair_key(original["name"], duplicate["name"]))
	# two legacy cards of one product are duplicates of each other as well
	by_product = {}
	for record in records:
		by_product.setdefault(record["product"], []).append(record["name"])
	truth = {pair_key(a, b) for names in by_product.values() for a, b in combinations(names, 2)}
	return records, truth


def naive_candidates(records: list[dict]) -> list[Candidate]:
	"""The same three rules on every pair, no blocking."""
	profiles = [profile(r) for r in records]
	found = []
	for a, b in combinations(profiles, 2):
		if set(a.gtins) & set(b.gtins):
			found.append(Candidate(a.name, b.name, 100, RULE_GTIN, ()))
		elif facts_key(a) and facts_key(a) == facts_key(b) and not conflicts(a, b):
			found.append(Candidate(a.name, b.name, 95, RULE_FACTS, ()))
		else:
			candidate = compare_names(a, b)
			if candidate:
				found.append(candidate)
	return found


def quality(candidates, truth) -> tuple[float, float]:
	found = {pair_key(c.item_a, c.item_b) for c in candidates}
	hits = len(found & truth)
	return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)


def subset_with_pairs(records, truth, size: int, seed: int = 11) -> tuple[list[dict], set]:
	"""`size` records holding whole duplicate pairs (a tenth of the subset) and unrelated items."""
	rng = random.Random(seed)
	by_name = {r["name"]: r for r in records}
	chosen = {}
	for a, b in rng.sample(sorted(truth), len(truth)):
		if len(chosen) >= size // 10:
			break
		chosen[a], chosen[b] = by_name[a], by_name[b]
	for record in rng.sample(records, len(records)):
		if len(chosen) >= size:
			break
		chosen.setdefault(record["name"], record)
	names = set(chosen)
	return list(chosen.values()), {p for p in truth if p[0] in names and p[1] in names}


def timed(function, *args):
	started = time.perf_counter()
	result = function(*args)
	return result, time.perf_counter() - started


def main(size: int, subset_size: int):
	records, truth = make_catalogue(size)
	print(f"{len(records)} items, {len(truth)} true duplicate pairs")

	blocked, blocked_time = timed(find_candidates, records)
	precision, recall = quality(blocked, truth)
	print(
		f"blocked scan, all {len(records)} items: {blocked_time:8.2f} s  precision {precision:.3f}  recall {recall:.3f}"
	)

	subset, subset_truth = subset_with_pairs(records, truth, subset_size)
	naive, naive_time = timed(naive_candidates, subset)
	blocked_subset, blocked_subset_time = timed(find_candidates, subset)
	pairs, all_pairs = (
		len(subset) * (len(subset) - 1) // 2,
		len(records) * (len(records) - 1) // 2,
	)
	naive_full = naive_time * all_pairs / pairs
	for label, found, seconds in (
		("naive all-pairs", naive, naive_time),
		("blocked scan", blocked_subset, blocked_subset_time),
	):
		p, r = quality(found, subset_truth)
		print(
			f"{label:16} on a {len(subset)}-item subset ({len(subset_truth)} true pairs): {seconds:8.2f} s  precision {p:.3f}  recall {r:.3f}"
		)
	print(
		f"naive all-pairs on {len(records)} items, extrapolated by pair count ({all_pairs:,} / {pairs:,} pairs): "
		f"{naive_full:,.0f} s"
	)
	print(f"speed-up of the blocked scan: {naive_full / blocked_time:,.0f}x (target: at least 20x)")


if __name__ == "__main__":
	args = [int(a) for a in sys.argv[1:]]
	main(*(args + [50000, 3000][len(args) :]))
