"""Which catalogue items are the same product entered twice (pure: no database, used by the scan job and the
benchmark).

Three rules, strongest first: (1) the same GTIN (GTIN-13 and its zero-padded GTIN-14 count as one);
(2) the same normalised INN, dosage form, strength, pack and brand; (3) brands one typo apart (a swap counts
as one) with no fact that contradicts (strength, pack, dosage form, volume, container, manufacturer, model
number). Rule 3 compares only items that share a block (the strength plus the first, last or outer letters of
the brand, or its letters sorted), so 50,000 items need a few million comparisons instead of 1.25 billion. Two brands of one INN (Нурофен and
Ибупрофен-Вертекс) are analogues, not duplicates, so the brand is part of every rule.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import NamedTuple

from rapidfuzz.distance import OSA, Levenshtein

from pharmacy_ext.catalogue.normalise import (
	detect_inn,
	gtin_key,
	normalise_form,
	normalise_gtin,
	normalise_name,
	normalise_strength,
	parse_pack,
	split_name,
)

RULE_GTIN = "Same GTIN"
RULE_FACTS = "Same INN, Form, Strength and Pack"
RULE_NAME = "Similar Name"
RULE_SCORES = {RULE_GTIN: 100, RULE_FACTS: 95}
DIGITS = re.compile(r"\d+")


class Profile(NamedTuple):
	"""What the duplicate rules compare, in normalised form."""

	name: str
	brand: str  # normalised brand without spaces
	inn: str
	form: str
	strength: str
	pack: int | None
	size: str  # contents of a bottle, tube or inhaler
	container: str  # ampoules, cartridges, pens ...
	maker: str
	gtins: tuple[str, ...]


class Candidate(NamedTuple):
	item_a: str
	item_b: str
	score: int
	rule: str
	evidence: tuple[tuple[str, tuple], ...]  # (English template, its arguments), translated by the caller


def profile(record: dict) -> Profile:
	"""record: name, item_name and optionally inn, trade_name, dosage_form, strength, pack_qty, manufacturer,
	gtins; facts missing from the fields are read from the item name."""
	parts = split_name(record.get("item_name") or "")
	trade_name = split_name(record["trade_name"])["brand"] if record.get("trade_name") else ""
	brand = trade_name or parts["brand"] or record.get("item_name") or ""
	form = normalise_form(record.get("dosage_form") or "") or parts["form"]
	strength = normalise_strength(record.get("strength") or "") or parts["strength"]
	inn = record.get("inn") or detect_inn(brand) or ""
	return Profile(
		name=record["name"],
		brand=normalise_name(brand).replace(" ", ""),
		inn=normalise_name(inn),
		form=form,
		strength=strength or "",
		pack=parse_pack(record.get("pack_qty")) or parts["pack"],
		size=parts["size"],
		container=parts["container"],
		maker=normalise_name(record.get("manufacturer") or "").replace(" ", ""),
		gtins=tuple(sorted({gtin_key(normalise_gtin(g)) for g in record.get("gtins") or () if g})),
	)


def find_candidates(records: Iterable[dict], skip: set[tuple[str, str]] | None = None) -> list[Candidate]:
	"""Duplicate pairs among the records, each once, under its strongest rule; `skip` holds pairs
	(sorted names) already decided."""
	profiles = [profile(r) for r in records]
	found: dict[tuple[str, str], Candidate] = {}
	skip = skip or set()
	for candidate in (*by_gtin(profiles), *by_facts(profiles), *by_name(profiles)):
		key = pair_key(candidate.item_a, candidate.item_b)
		if key not in found and key not in skip:
			found[key] = candidate._replace(item_a=key[0], item_b=key[1])
	return sorted(found.values(), key=lambda c: (-c.score, c.item_a, c.item_b))


def pair_key(a: str, b: str) -> tuple[str, str]:
	return (a, b) if a <= b else (b, a)


def groups(profiles: list[Profile], keys_of) -> Iterator[list[Profile]]:
	buckets = defaultdict(list)
	for p in profiles:
		for key in keys_of(p):
			buckets[key].append(p)
	return (bucket for bucket in buckets.values() if len(bucket) > 1)


def by_gtin(profiles: list[Profile]) -> Iterator[Candidate]:
	for bucket in groups(profiles, lambda p: p.gtins):
		for a, b in combinations(bucket, 2):
			gtin = next(g for g in a.gtins if g in b.gtins).lstrip("0")
			yield Candidate(a.name, b.name, 100, RULE_GTIN, (("Same GTIN {0}", (gtin,)),))


def facts_key(p: Profile) -> tuple:
	if p.inn and p.form and p.strength and p.pack and p.brand:
		return ((p.inn, p.form, p.strength, p.pack, p.brand),)
	return ()


def by_facts(profiles: list[Profile]) -> Iterator[Candidate]:
	for bucket in groups(profiles, facts_key):
		for a, b in combinations(bucket, 2):
			if conflicts(a, b):
				continue
			evidence = (
				("Same INN {0}, form {1}, strength {2}, pack {3}", (a.inn, a.form, a.strength, a.pack)),
			)
			yield Candidate(a.name, b.name, 95, RULE_FACTS, evidence)


def block_keys(p: Profile) -> tuple:
	"""Blocks of rule 3: one typo rarely hits the first, the last and the outer letters of a brand at once;
	swapped letters keep the letters themselves."""
	if len(p.brand) < 3:
		return ()
	b, s = p.brand, p.strength
	return (
		("first", b[:3], s),
		("last", b[-3:], s),
		("outer", b[:2] + b[-2:], s),
		("letters", "".join(sorted(b)), s),
	)


def by_name(profiles: list[Profile]) -> Iterator[Candidate]:
	seen = set()
	for bucket in groups(profiles, block_keys):
		for a, b in combinations(bucket, 2):
			key = pair_key(a.name, b.name)
			if key in seen:
				continue
			seen.add(key)
			candidate = compare_names(a, b)
			if candidate:
				yield candidate


def compare_names(a: Profile, b: Profile) -> Candidate | None:
	"""Rule 3 for one pair: brands at most one or two edits apart and no contradicting fact."""
	if conflicts(a, b):
		return None
	# one slip of the finger (a swap counts as one); generics of one INN ("-Велфарм", "-Верофарм") differ more
	distance = OSA.distance(a.brand, b.brand, score_cutoff=2)
	if distance > 1:
		return None
	evidence = [("Names differ by {0} letter(s)", (distance,)) if distance else ("Same name", ())]
	agreeing = 0
	for label, x, y in (
		("Same form {0}", a.form, b.form),
		("Same strength {0}", a.strength, b.strength),
		("Same pack {0}", a.pack, b.pack),
		("Same manufacturer", a.maker, b.maker),
	):
		if x and x == y:
			agreeing += 1
			evidence.append((label, (x,) if "{0}" in label else ()))
	score = 90 - 8 * distance - 4 * (4 - agreeing)
	return Candidate(a.name, b.name, score, RULE_NAME, tuple(evidence))


def conflicts(a: Profile, b: Profile) -> bool:
	"""A fact both items have and that differs: then they are different products."""
	if a.strength and b.strength and a.strength != b.strength:
		return True
	if a.pack and b.pack and a.pack != b.pack:
		return True
	if a.size and b.size and a.size != b.size:
		return True
	if a.container and b.container and a.container != b.container:
		return True
	if a.form and b.form and a.form != b.form:  # "таблетки шипучие" is another product than "таблетки"
		return True
	if a.inn and b.inn and a.inn != b.inn:
		return True
	if a.maker and b.maker and Levenshtein.distance(a.maker, b.maker, score_cutoff=2) > 1:
		return True
	return DIGITS.findall(a.brand) != DIGITS.findall(b.brand)  # model numbers: PRO-35 is not PRO-36
