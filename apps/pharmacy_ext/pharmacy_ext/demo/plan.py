"""Deterministic demo data set of the chain, expanded from fixtures/demo/chain.json.

build_plan(seed, scale, anchor) returns a DemoPlan of plain dicts, dates and numbers (no frappe), so it can be
checked and hashed without a site; demo/loader.py turns it into documents. Everything random comes from one
private random.Random(seed) consumed in a fixed order: the same seed, scale and anchor give the same plan.
"""

import datetime
import hashlib
import json
import math
import random
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from pharmacy_ext.demo import vocabulary as vocab

DEFAULT_CHAIN_PATH = Path(__file__).resolve().parents[4] / "fixtures" / "demo" / "chain.json"

# Catalogue shape (the chain's own sizes and volumes are in chain.json).
CATEGORY_ORDER = ("drug", "supplement", "device", "hygiene")
NON_DRUG_SHARES = {"supplement": 0.08, "device": 0.05, "hygiene": 0.02}  # drugs take the rest
# (rx, vital) → share of drug items: ~30 % prescription-only, ~35 % ЖНВЛП.
DRUG_POOL_SHARES = {(True, True): 0.20, (True, False): 0.10, (False, True): 0.15, (False, False): 0.55}
TIER_PRICES = {1: 120, 2: 240, 3: 450, 4: 850, 5: 1700}
PRICE_LIMITS = {"drug": 3500, "supplement": 3500, "device": 6000, "hygiene": 3500}
MIN_PRICE = 80
CHEAP_COUNTRIES = frozenset({"Россия", "Индия", "Беларусь", "Казахстан", "Китай"})
MID_COUNTRIES = frozenset(
	{"Венгрия", "Словения", "Израиль", "Польша", "Сербия", "Хорватия", "Чехия", "Турция", "Южная Корея"}
)
COLD_STORAGE = "при температуре 2–8 °C"
ROOM_STORAGE = "при температуре не выше 25 °C"

# Batches: ages in days before the anchor; older ones may be expired or close to expiry.
BATCHES_PER_ITEM = ((1, 2, 3), (0.35, 0.40, 0.25))
MAX_BATCH_AGE = 730
EXPIRED_SHARE = 0.02
NEAR_EXPIRY_SHARE = 0.05
NEAR_EXPIRY_DAYS = 90

# Opening stock
PHARMACY_ASSORTMENT = 0.40
DC_QTY = (20, 300)
PHARMACY_QTY = (2, 30)
LATEST_BATCH_SHARE = 0.85

# Customers
FEMALE_SHARE = 0.62
DUPLICATE_SHARE = 0.05
EMAIL_SHARE = 0.70
LOYALTY_CARD_SHARE = 0.75
HOME_CITY_SHARE = 0.85
PHONE_STYLES = (
	"+7 ({a}) {b}-{c}-{d}",
	"8 {a} {b} {c} {d}",
	"8{n}",
	"+7{n}",
	"{a}-{b}-{c}-{d}",
	"7({a}){b}{c}{d}",
	"8 ({a}) {b}-{c}-{d}",
	"+7 {a} {b}-{c}-{d}",
)
STAFF_PHONE_STYLE = "+7 {a} {b}-{c}-{d}"
EMAIL_PATTERNS = ("{f}.{l}", "{l}.{f}", "{i}.{l}", "{l}{yyyy}", "{f}{l}{yy}", "{l}_{i}{yy}", "{l}.{f}{yy}")
STAFF_AGES = {"senior_pharmacist": (32, 60), "director": (40, 60), None: (23, 58)}
NAME_VARIANTS = ("upper_last", "initials", "lower_short", "first_last", "yo_swap", "no_middle")

# Sales
WEEKDAY_FACTORS = (1.05, 1.0, 1.0, 1.0, 1.1, 0.95, 0.8)
ROUND_THE_CLOCK_FACTOR = 1.25
WINTER_MONTHS = frozenset({10, 11, 12, 1, 2, 3})
SEASONAL_FACTORS = (2.5, 0.6)  # seasonal items in Oct–Mar, and the rest of the year
INVOICE_LINES = ((1, 2, 3, 4), (0.45, 0.30, 0.17, 0.08))
INVOICE_CUSTOMER_SHARE = 0.60
HOME_BRANCH_SHARE = 0.85
RX_LINE_SHARE = 0.05
HISTORY_CUSTOMER_SHARE = 0.50
HISTORY_LINE_THRESHOLDS = (0.35, 0.70)  # 1, 2 or 3 lines per legacy receipt
CHRONIC_SHARE = 0.15
CHRONIC_PERIOD = (25, 35)


class HistoryLine(NamedTuple):
	receipt_no: str
	date: datetime.date
	branch_code: str
	customer_id: str | None
	item_code: str
	qty: int
	amount: float


LIST_SECTIONS = (
	"branches",
	"item_groups",
	"items",
	"batches",
	"opening_stock",
	"customers",
	"employees",
	"shift_types",
	"invoices",
	"history",
)


@dataclass(repr=False)
class DemoPlan:
	seed: int
	scale: float
	anchor: datetime.date
	company: dict
	branches: list[dict]
	item_groups: list[dict]
	items: list[dict]
	batches: list[dict]
	opening_stock: list[dict]
	customers: list[dict]
	employees: list[dict]
	shift_types: list[dict]
	invoices: list[dict]
	history: list[HistoryLine]
	_digest: str | None = field(default=None, init=False, compare=False)

	def __repr__(self) -> str:
		return (
			f"DemoPlan(seed={self.seed}, scale={self.scale}, anchor={self.anchor}, items={len(self.items)})"
		)

	def summary(self) -> dict:
		counts = {name: len(getattr(self, name)) for name in LIST_SECTIONS if name != "history"}
		lines = [line for invoice in self.invoices for line in invoice["lines"]]
		return {
			**counts,
			"history_lines": len(self.history),
			"duplicate_customers": sum(1 for c in self.customers if c["duplicate_of"]),
			"rx_items": sum(1 for i in self.items if i["rx"]),
			"opening_stock_qty": sum(r["qty"] for r in self.opening_stock),
			"invoice_lines": len(lines),
			"invoice_amount": round(math.fsum(round(x["qty"] * x["rate"], 2) for x in lines), 2),
			"history_amount": round(math.fsum(line.amount for line in self.history), 2),
		}

	def digest(self) -> str:
		"""sha256 of the canonical JSON of the whole plan; cached, the plan is not meant to change."""
		if self._digest is None:
			self._digest = plan_digest(self)
		return self._digest


def build_plan(
	seed: int = 42,
	scale: float = 1.0,
	anchor: datetime.date | None = None,
	chain_path: Path | None = None,
) -> DemoPlan:
	chain = json.loads(Path(chain_path or DEFAULT_CHAIN_PATH).read_text(encoding="utf-8"))
	# int(seed)/float(scale): 1 and 1.0 must give the same plan (and digest).
	return PlanBuilder(chain, int(seed), float(scale), anchor or datetime.date.today()).build()


def normalise_phone(raw: str) -> str | None:
	"""Any written form of a Russian number ("8 (916) 123-45-67", "916-123-45-67") → "+79161234567"."""
	if not isinstance(raw, str):
		return None
	digits = re.sub(r"\D", "", raw)
	if len(digits) == 11 and digits[0] in "78":
		digits = digits[1:]
	return "+7" + digits if len(digits) == 10 else None


def format_phone(canonical: str, style: str) -> str:
	n = canonical[2:]
	return style.format(n=n, a=n[:3], b=n[3:6], c=n[6:8], d=n[8:])


def ean13(first12: str) -> str:
	total = sum(int(ch) * (3 if pos % 2 else 1) for pos, ch in enumerate(first12))
	return first12 + str((10 - total % 10) % 10)


def apportion(total: int, shares: dict) -> dict:
	"""Split total by shares (largest remainder), keys in the given order."""
	exact = {key: total * share for key, share in shares.items()}
	counts = {key: int(value) for key, value in exact.items()}
	by_remainder = sorted(shares, key=lambda key: counts[key] - exact[key])
	for key in by_remainder[: total - sum(counts.values())]:
		counts[key] += 1
	return counts


def json_default(value):
	if isinstance(value, datetime.date):
		return value.isoformat()
	raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def canonical_json(value) -> str:
	return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=json_default)


def plan_digest(plan: DemoPlan) -> str:
	"""Same bytes as canonical_json() of the whole plan as one dict, but the history goes in chunks."""
	sections = {name: getattr(plan, name) for name in (*LIST_SECTIONS, "company", "seed", "scale", "anchor")}
	sha = hashlib.sha256()
	for n, name in enumerate(sorted(sections)):
		sha.update(("{" if n == 0 else ",").encode())
		sha.update(f"{canonical_json(name)}:".encode())
		value = sections[name]
		if name != "history":
			sha.update(canonical_json(value).encode())
			continue
		sha.update(b"[")
		for start in range(0, len(value), 20000):
			chunk = canonical_json(value[start : start + 20000])[1:-1]
			sha.update(("," if start else "").encode() + chunk.encode())
		sha.update(b"]")
	sha.update(b"}")
	return sha.hexdigest()


class Candidate(NamedTuple):
	"""One possible catalogue item before it gets a code and a price."""

	name: str
	category: str
	group: str
	fields: dict  # the item's descriptive fields (inn, trade_name, dosage_form, ...)
	base_price: float
	size_factor: float  # strength and pack size relative to the smallest
	form: str | None
	flags: frozenset
	generic: bool = False


class PlanBuilder:
	def __init__(self, chain: dict, seed: int, scale: float, anchor: datetime.date):
		self.chain = chain
		self.seed = seed
		self.scale = scale
		self.anchor = anchor
		self.rng = random.Random(seed)
		# Registration and marking facts draw from their own stream, so adding them left the rest of the plan as it was.
		self.facts_rng = random.Random(f"{seed}-registration")
		self.pharmacies = [b for b in chain["branches"] if b["kind"] == "Pharmacy"]
		self.recent_days = int(chain["recent_days"])
		self.history_days = int(chain["history_days"])
		# The loader posts opening stock recent_days + 30 days before the anchor: batches must be older.
		self.min_batch_age = self.recent_days + 31
		# Values that must stay unique across the plan, and each customer's phone format.
		self.gtins: set[str] = set()
		self.phones: set[str] = set()
		self.emails: set[str] = set()
		self.cards: set[str] = set()
		self.phone_style: dict[str, str] = {}
		# Per item (same order as the items): sales weight, cold/flu seasonality, chronic medication.
		self.popularity: list[float] = []
		self.seasonal: list[bool] = []
		self.chronic: list[bool] = []

	def scaled(self, base: float) -> int:
		return max(1, round(base * self.scale))

	def build(self) -> DemoPlan:
		item_groups = self.make_item_groups()
		items = self.make_items()
		batches = self.make_batches(items)
		opening_stock = self.make_opening_stock(items, batches)
		customers = self.make_customers()
		employees = self.make_employees()
		invoices = self.make_invoices(items, opening_stock, customers)
		history = self.make_history(items, customers)
		return DemoPlan(
			seed=self.seed,
			scale=self.scale,
			anchor=self.anchor,
			company=dict(self.chain["company"]),
			branches=[dict(b) for b in self.chain["branches"]],
			item_groups=item_groups,
			items=items,
			batches=batches,
			opening_stock=opening_stock,
			customers=customers,
			employees=employees,
			shift_types=[dict(s) for s in self.chain["shift_types"]],
			invoices=invoices,
			history=history,
		)

	# ------------------------------------------------------------ item groups

	def make_item_groups(self) -> list[dict]:
		letters = {d.atc[0] for d in vocab.DRUGS}
		groups = [
			{"name": vocab.ROOT_GROUP, "parent": "All Item Groups"},
			{"name": vocab.DRUG_GROUP, "parent": vocab.ROOT_GROUP},
		]
		groups += [
			{"name": name, "parent": vocab.DRUG_GROUP}
			for key, name in vocab.ATC_GROUPS.items()
			if key in letters
		]
		groups += [{"name": name, "parent": vocab.ROOT_GROUP} for name in vocab.CATEGORY_GROUPS.values()]
		return groups

	# ------------------------------------------------------------ items

	def make_items(self) -> list[dict]:
		total = max(20, round(self.chain["items"] * self.scale))
		seen: set[str] = set()
		chosen = []
		for category, count in apportion(total, NON_DRUG_SHARES).items():
			candidates = self.non_drug_candidates(category)
			self.rng.shuffle(candidates)
			chosen += take_unique(candidates, count, seen)[0]
		chosen += self.pick_drugs(total - len(chosen), seen)
		chosen.sort(key=lambda c: (CATEGORY_ORDER.index(c.category), c.group, c.name))
		return [self.make_item(n, candidate) for n, candidate in enumerate(chosen, 1)]

	def pick_drugs(self, count: int, seen: set[str]) -> list[Candidate]:
		"""Drugs by (rx, vital) pool; a pool that runs dry is made up from the others (same rx first)."""
		pools: dict[tuple, list[Candidate]] = {key: [] for key in DRUG_POOL_SHARES}
		for drug in vocab.DRUGS:
			branded, generic = drug_candidates(drug, self.rng.choice(vocab.PLAIN_MAKERS))
			pools["rx" in drug.flags, "vital" in drug.flags] += branded + generic
		targets = apportion(count, DRUG_POOL_SHARES)
		chosen, spare = [], {True: [], False: []}
		for key, target in targets.items():
			taken, rest = take_unique(self.brands_first(pools[key]), target, seen)
			chosen += taken
			spare[key[0]] += rest
		rx_target = sum(target for (rx, _vital), target in targets.items() if rx)
		rx_taken = sum(1 for c in chosen if c.fields["rx"])
		needs = {True: rx_target - rx_taken, False: count - rx_target - (len(chosen) - rx_taken)}
		leftovers = []
		for rx in (True, False):
			taken, rest = take_unique(self.brands_first(spare[rx]), max(0, needs[rx]), seen)
			chosen += taken
			leftovers += rest
		return chosen + take_unique(self.brands_first(leftovers), count - len(chosen), seen)[0]

	def brands_first(self, candidates: list[Candidate]) -> list[Candidate]:
		"""Shuffled brands and plain INN names, then shuffled "INN-Maker" generics for large scales."""
		branded = [c for c in candidates if not c.generic]
		generic = [c for c in candidates if c.generic]
		self.rng.shuffle(branded)
		self.rng.shuffle(generic)
		return branded + generic

	def non_drug_candidates(self, category: str) -> list[Candidate]:
		group = vocab.CATEGORY_GROUPS[category]
		if category == "supplement":
			return [c for s in vocab.SUPPLEMENTS for c in supplement_candidates(s, group)]
		if category == "device":
			return [c for d in vocab.DEVICES for c in device_candidates(d, group)]
		return [c for h in vocab.HYGIENE for c in hygiene_candidates(h, group)]

	def make_item(self, n: int, candidate: Candidate) -> dict:
		rng = self.rng
		price = self.price(candidate)
		has_batch = candidate.category in ("drug", "supplement")
		item = {
			"item_code": f"PH-{n:06d}",
			"item_name": candidate.name,
			"item_group": candidate.group,
			"category": candidate.category,
			**candidate.fields,
			"has_batch": has_batch,
			"shelf_life_days": self.shelf_life(candidate),
			"storage": COLD_STORAGE if "cold" in candidate.flags else ROOM_STORAGE,
			"price": price,
			"cost": round(price * rng.uniform(0.6, 0.8), 2),
			"gtin": self.new_gtin(),
			**self.storage_range(candidate),
			**self.registration(candidate),
		}
		self.popularity.append(self.popularity_weight(item))
		self.seasonal.append("season" in candidate.flags or (item["atc_code"] or "").startswith("R"))
		self.chronic.append("chronic" in candidate.flags)
		return item

	def storage_range(self, candidate: Candidate) -> dict:
		if "cold" in candidate.flags:
			return {"storage_temp_min": 2, "storage_temp_max": 8}
		return {"storage_temp_min": 15, "storage_temp_max": 25}

	def registration(self, candidate: Candidate) -> dict:
		"""РУ and marking as the legacy sheet had them: mostly there, some missing, some national
		registrations not (yet) re-registered under EAEU rules, which decides their VAT rate."""
		rng = self.facts_rng
		if candidate.category == "drug":
			if rng.random() < 0.1:
				return {"marking": "MDLP"}  # the sheet never had its registration
			number = rng.randrange(1, 10**6)
			if rng.random() < 0.45:
				facts = {"ru_number": f"ЛП-№({number:06d})-(РГ-RU)", "ru_kind": "EAEU"}
				facts["ru_status"] = "Cancelled" if rng.random() < 0.03 else "Valid"
				if rng.random() < 0.2:  # a first EAEU registration is valid for five years
					facts["ru_valid_until"] = self.anchor + datetime.timedelta(
						days=rng.randrange(-30, 5 * 365)
					)
			else:
				facts = {"ru_number": f"ЛП-{number:06d}", "ru_kind": "National"}
				facts["ru_status"] = rng.choices(
					("Valid", "EAEU Re-registration Pending", "Not Re-registered"), (60, 25, 15)
				)[0]
			return {**facts, "marking": "MDLP"}
		if candidate.category == "supplement":
			return {"marking": "Chestny ZNAK" if rng.random() < 0.9 else None}
		if candidate.category == "device":
			if rng.random() < 0.9:
				year = rng.randrange(2012, 2026)
				return {
					"ru_number": f"РЗН {year}/{rng.randrange(1, 30000)}",
					"ru_status": "Valid",
					"marking": "Not Required",
				}
			return {"marking": "Not Required"}
		return {"marking": "Not Required"}

	def price(self, candidate: Candidate) -> float:
		country = candidate.fields["country"]
		maker = 0.7 if country in CHEAP_COUNTRIES else 0.95 if country in MID_COUNTRIES else 1.35
		if candidate.category not in ("drug", "supplement"):
			maker = 1.0  # device and hygiene prices in the vocabulary are already the maker's
		raw = candidate.base_price * candidate.size_factor * maker * self.rng.uniform(0.9, 1.12)
		return retail_round(min(max(raw, MIN_PRICE), PRICE_LIMITS[candidate.category]))

	def shelf_life(self, candidate: Candidate) -> int:
		if "cold" in candidate.flags:
			return self.rng.choice((365, 730))
		if candidate.form in vocab.LIQUID_FORMS:
			return self.rng.choice((365, 540, 730))
		if candidate.category == "drug":
			return self.rng.choice((730, 1095, 1460, 1825))
		if candidate.category == "supplement":
			return self.rng.choice((730, 1095))
		return 1095 if candidate.category == "hygiene" else 1825

	def new_gtin(self) -> str:
		while True:
			gtin = ean13(f"460{self.rng.randrange(10**9):09d}")
			if gtin not in self.gtins:
				self.gtins.add(gtin)
				return gtin

	def popularity_weight(self, item: dict) -> float:
		"""Relative sales frequency: OTC, small packs and cheap goods sell more often."""
		weight = self.rng.lognormvariate(0, 0.8)
		weight *= {"drug": 1.0, "supplement": 0.8, "device": 0.4, "hygiene": 0.6}[item["category"]]
		weight *= 0.5 if item["rx"] else 1.5 if item["category"] == "drug" else 1.0
		weight *= 0.6 if item["pack_qty"] >= 50 else 1.0
		return weight * (400 / (item["price"] + 200)) ** 0.5

	# ------------------------------------------------------------ batches and opening stock

	def make_batches(self, items: list[dict]) -> list[dict]:
		"""1–3 batches per batch item; the newest is always sellable, older ones may be (nearly) expired."""
		counts, weights = BATCHES_PER_ITEM
		slots = []  # (item, newest?)
		for item in items:
			if item["has_batch"]:
				k = self.rng.choices(counts, weights)[0]
				slots += [(item, j == k - 1) for j in range(k)]
		status = self.batch_statuses(slots)
		by_item: dict[str, list] = {}
		for n, (item, _newest) in enumerate(slots):
			age = self.batch_age(item["shelf_life_days"], status.get(n, "fresh"))
			by_item.setdefault(item["item_code"], []).append(self.anchor - datetime.timedelta(days=age))
		batches = []
		for item in items:
			shelf = datetime.timedelta(days=item["shelf_life_days"] or 0)
			for n, made in enumerate(sorted(by_item.get(item["item_code"], [])), 1):
				batches.append(
					{
						"batch_id": f"{item['item_code']}-{made:%y%m}-{n}",
						"item_code": item["item_code"],
						"manufacturing_date": made,
						"expiry_date": made + shelf,
					}
				)
		return batches

	def batch_statuses(self, slots: list) -> dict[int, str]:
		"""Pick the expired and nearly expired batches among older batches short-lived enough for it."""
		total = len(slots)
		expirable = [n for n, (item, newest) in enumerate(slots) if not newest]
		can_expire = [n for n in expirable if slots[n][0]["shelf_life_days"] < MAX_BATCH_AGE]
		expired = self.rng.sample(can_expire, min(len(can_expire), round(total * EXPIRED_SHARE)))
		taken = set(expired)
		can_near = [
			n for n in expirable if n not in taken and slots[n][0]["shelf_life_days"] <= MAX_BATCH_AGE
		]
		near = self.rng.sample(can_near, min(len(can_near), round(total * NEAR_EXPIRY_SHARE)))
		return {**{n: "expired" for n in expired}, **{n: "near" for n in near}}

	def batch_age(self, shelf: int, status: str) -> int:
		if status == "expired":
			return shelf + self.rng.randint(1, MAX_BATCH_AGE - shelf)
		if status == "near":
			return shelf - self.rng.randint(1, NEAR_EXPIRY_DAYS)
		oldest = min(MAX_BATCH_AGE, shelf - NEAR_EXPIRY_DAYS - 1)
		return self.rng.randint(min(self.min_batch_age, oldest), oldest)

	def make_opening_stock(self, items: list[dict], batches: list[dict]) -> list[dict]:
		"""The DC holds every item, each pharmacy ~40 % of them (popular ones more likely)."""
		sellable: dict[str, list[dict]] = {}
		for batch in batches:
			if batch["expiry_date"] > self.anchor:
				sellable.setdefault(batch["item_code"], []).append(batch)
		rows = []
		for branch in self.chain["branches"]:
			if branch["kind"] == "Pharmacy":
				stocked = self.pharmacy_assortment(items)
				qty_range, latest_share = PHARMACY_QTY, LATEST_BATCH_SHARE
			else:
				stocked = range(len(items))
				qty_range, latest_share = DC_QTY, 1.0
			for index in stocked:
				item = items[index]
				if item["has_batch"] and not sellable.get(item["item_code"]):
					continue
				batch = self.stock_batch(sellable.get(item["item_code"]), latest_share)
				rows.append(
					{
						"branch_code": branch["code"],
						"item_code": item["item_code"],
						"batch_id": batch["batch_id"] if batch else None,
						"qty": self.rng.randint(*qty_range),
						"rate": item["cost"],
					}
				)
		return rows

	def pharmacy_assortment(self, items: list[dict]) -> list[int]:
		"""Weighted sample without replacement (Efraimidis–Spirakis keys), back in item order."""
		keys = [self.rng.random() ** (1 / weight) for weight in self.popularity]
		size = max(1, round(len(items) * PHARMACY_ASSORTMENT))
		return sorted(sorted(range(len(items)), key=keys.__getitem__, reverse=True)[:size])

	def stock_batch(self, batches: list[dict] | None, latest_share: float) -> dict | None:
		if not batches:
			return None
		if len(batches) == 1 or self.rng.random() < latest_share:
			return max(batches, key=lambda b: (b["expiry_date"], b["batch_id"]))
		return self.rng.choice(batches)

	# ------------------------------------------------------------ customers

	def make_customers(self) -> list[dict]:
		"""The legacy Excel base: ~5 % are messy second records of an earlier customer."""
		total = max(20, round(self.chain["customers"] * self.scale))
		duplicates = set(self.rng.sample(range(1, total), min(total - 1, round(total * DUPLICATE_SHARE))))
		customers, originals = [], []
		for n in range(total):
			customer_id = f"CU-{n + 1:06d}"
			if n in duplicates:
				customers.append(self.duplicate_customer(customer_id, self.rng.choice(originals)))
			else:
				customer = self.new_customer(customer_id)
				customers.append(customer)
				originals.append(customer)
		return customers

	def new_customer(self, customer_id: str) -> dict:
		rng = self.rng
		female = rng.random() < FEMALE_SHARE
		last, first, middle = self.person_name(female)
		birth_date = self.birth_date(rng.triangular(18, 88, 55))
		home = rng.choices(
			self.pharmacies, weights=[1.2 if b["round_the_clock"] else 1.0 for b in self.pharmacies]
		)[0]
		canonical = self.new_phone()
		style = rng.choice(PHONE_STYLES)
		self.phone_style[customer_id] = style
		return {
			"customer_id": customer_id,
			"last_name": last,
			"first_name": first,
			"middle_name": middle,
			"full_name": f"{last} {first} {middle}",
			"gender": "Female" if female else "Male",
			"birth_date": birth_date,
			"phone": format_phone(canonical, style),
			"canonical_phone": canonical,
			"email": self.new_email(last, first, birth_date) if rng.random() < EMAIL_SHARE else None,
			"city": home["city"] if rng.random() < HOME_CITY_SHARE else rng.choice(vocab.NEARBY_CITIES),
			"home_branch": home["code"],
			"loyalty_card": self.new_card() if rng.random() < LOYALTY_CARD_SHARE else None,
			"duplicate_of": None,
		}

	def duplicate_customer(self, customer_id: str, original: dict) -> dict:
		"""Same person typed again: other phone format, name case/order/initials, е for ё, e-mail case."""
		rng = self.rng
		styles = [s for s in PHONE_STYLES if s != self.phone_style[original["customer_id"]]]
		last, first, middle, full_name = self.messy_name(original)
		home = original["home_branch"] if rng.random() < 0.7 else rng.choice(self.pharmacies)["code"]
		return {
			"customer_id": customer_id,
			"last_name": last,
			"first_name": first,
			"middle_name": middle,
			"full_name": full_name,
			"gender": original["gender"],
			"birth_date": original["birth_date"] if rng.random() < 0.85 else None,
			"phone": format_phone(original["canonical_phone"], rng.choice(styles)),
			"canonical_phone": original["canonical_phone"],
			"email": self.messy_email(original["email"]),
			"city": original["city"],
			"home_branch": home,
			"loyalty_card": self.new_card() if rng.random() < 0.3 else None,
			"duplicate_of": original["customer_id"],
		}

	def messy_name(self, original: dict) -> tuple[str, str, str | None, str]:
		last, first, middle = original["last_name"], original["first_name"], original["middle_name"]
		if self.rng.random() < 0.05:
			return last, first, middle, original["full_name"]
		variants = [v for v in NAME_VARIANTS if v != "yo_swap" or "ё" in original["full_name"]]
		variant = self.rng.choice(variants)
		if variant == "upper_last":
			return last.upper(), first, middle, f"{last.upper()} {first} {middle}"
		if variant == "initials":
			return last, f"{first[0]}.", f"{middle[0]}.", f"{last} {first[0]}.{middle[0]}."
		if variant == "lower_short":
			return last.lower(), first.lower(), None, f"{last.lower()} {first.lower()}"
		if variant == "first_last":
			return last, first, middle, f"{first} {middle} {last}"
		if variant == "yo_swap":
			last, first, middle = (part.replace("ё", "е") for part in (last, first, middle))
			return last, first, middle, f"{last} {first} {middle}"
		return last, first, None, f"{last} {first}"

	def messy_email(self, email: str | None) -> str | None:
		roll = self.rng.random()
		if email is None or roll < 0.4:
			return None
		if roll < 0.8:
			return email.upper() if roll < 0.55 else email.title()
		return email

	def person_name(self, female: bool) -> tuple[str, str, str]:
		rng = self.rng
		last = rng.choice(vocab.SURNAMES)
		middle = rng.choice(vocab.PATRONYMICS)[1 if female else 0]
		if female:
			return vocab.feminine_surname(last), rng.choice(vocab.FEMALE_FIRST_NAMES), middle
		return last, rng.choice(vocab.MALE_FIRST_NAMES), middle

	def birth_date(self, age_years: float) -> datetime.date:
		return self.anchor - datetime.timedelta(days=int(age_years * 365.25) + self.rng.randrange(365))

	def new_phone(self) -> str:
		while True:
			phone = f"+7{self.rng.choice(vocab.MOBILE_CODES)}{self.rng.randrange(10**7):07d}"
			if phone not in self.phones:
				self.phones.add(phone)
				return phone

	def new_email(self, last: str, first: str, birth_date: datetime.date) -> str:
		parts = {
			"f": vocab.transliterate(first),
			"l": vocab.transliterate(last),
			"i": vocab.transliterate(first)[0],
			"yyyy": birth_date.year,
			"yy": f"{birth_date.year % 100:02d}",
		}
		for attempt in range(30):
			local = self.rng.choice(EMAIL_PATTERNS).format(**parts)
			if attempt >= 10:
				local += str(self.rng.randint(1, 999))
			email = f"{local}@{self.rng.choice(vocab.EMAIL_DOMAINS)}"
			if email not in self.emails:
				self.emails.add(email)
				return email
		raise RuntimeError(f"no free e-mail address for {last} {first}")

	def new_card(self) -> str:
		"""The chain's loyalty cards: internal EAN-13 numbers starting with 27."""
		while True:
			card = ean13(f"27{self.rng.randrange(10**10):010d}")
			if card not in self.cards:
				self.cards.add(card)
				return card

	# ------------------------------------------------------------ employees

	def make_employees(self) -> list[dict]:
		"""Staff by job in chain.json order; each job's first person is its demo login."""
		demo = {person["job"]: person for person in self.chain.get("demo_staff", [])}
		employees, logins = [], set()
		surnames = {person["last_name"] for person in demo.values()}
		for job in self.chain["jobs"]:
			slots = self.job_slots(job["job"])
			qualified = self.qualified_slots(job["job"], len(slots))
			for n, (branch, shift_type) in enumerate(slots):
				person = demo.get(job["job"]) if n == 0 else None
				employee = self.new_employee(len(employees) + 1, job, person, surnames)
				employee.update(
					branch_code=branch,
					user=self.staff_login(employee, logins),
					phone=format_phone(self.new_phone(), STAFF_PHONE_STYLE),
					qualified_rx=n in qualified,
					shift_type=shift_type or job["shift_type"],
				)
				employees.append(employee)
		return employees

	def job_slots(self, job: str) -> list[tuple[str | None, str | None]]:
		"""(branch code, shift type override) for every position of the job, per staff_quotas."""
		quotas = self.chain["staff_quotas"]
		if job in quotas.get("per_pharmacy", {}):
			slots = []
			for branch in self.pharmacies:
				count = quotas["per_pharmacy"][job]
				shifts = [None] * count
				if job == "pharmacist" and branch["round_the_clock"]:
					count = quotas.get("round_the_clock_pharmacists", count)
					day_night = self.chain.get("round_the_clock_shifts") or [None]
					shifts = [day_night[k % len(day_night)] for k in range(count)]
				slots += [(branch["code"], shift) for shift in shifts]
			return slots
		if job in quotas.get("distribution_centre", {}):
			centres = [b["code"] for b in self.chain["branches"] if b["kind"] == "Distribution Centre"]
			return [(code, None) for code in centres for _ in range(quotas["distribution_centre"][job])]
		return [(None, None)] * quotas.get("office", {}).get(job, 0)

	def qualified_slots(self, job: str, count: int) -> set[int]:
		"""Who may dispense prescription drugs: every senior, ~70 % of pharmacists (the demo one too)."""
		if job == "senior_pharmacist":
			return set(range(count))
		if job != "pharmacist" or not count:
			return set()
		others = self.rng.sample(range(1, count), max(0, round(count * 0.7) - 1))
		return {0, *others}

	def new_employee(self, number: int, job: dict, person: dict | None, surnames: set[str]) -> dict:
		rng = self.rng
		if person:
			female = person["gender"] == "Female"
			last, first, middle = person["last_name"], person["first_name"], person["middle_name"]
		else:
			female_share = {"warehouse_keeper": 0.3, "director": 0.5}.get(job["job"], 0.8)
			female = rng.random() < female_share
			last, first, middle = self.person_name(female)
			while last in surnames:  # a small team: no two colleagues share a surname
				last, first, middle = self.person_name(female)
		surnames.add(last)
		birth_date = self.birth_date(rng.uniform(*STAFF_AGES.get(job["job"], STAFF_AGES[None])))
		return {
			"employee_id": f"EMP-{number:03d}",
			"last_name": last,
			"first_name": first,
			"middle_name": middle,
			"gender": "Female" if female else "Male",
			"birth_date": birth_date,
			"date_of_joining": self.joining_date(birth_date),
			"job": job["job"],
			"designation": job["designation"],
		}

	def joining_date(self, birth_date: datetime.date) -> datetime.date:
		founded = datetime.date.fromisoformat(self.chain.get("founded", "2012-03-01"))
		earliest = max(founded, birth_date + datetime.timedelta(days=22 * 365))
		latest = self.anchor - datetime.timedelta(days=60)
		if earliest >= latest:
			return latest
		return earliest + datetime.timedelta(days=self.rng.randrange((latest - earliest).days))

	def staff_login(self, employee: dict, taken: set[str]) -> str:
		first, last = vocab.transliterate(employee["first_name"]), vocab.transliterate(employee["last_name"])
		middle = vocab.transliterate(employee["middle_name"] or "x")
		options = [f"{first[0]}.{last}", f"{first}.{last}", f"{first[0]}.{middle[0]}.{last}"]
		options += [f"{first}.{last}{n}" for n in range(2, 100)]
		login = next(option for option in options if option not in taken)
		taken.add(login)
		return f"{login}@{self.chain['email_domain']}"

	# ------------------------------------------------------------ sales

	def receipts_per_day(self, base: int, day: datetime.date, branch: dict) -> int:
		factor = WEEKDAY_FACTORS[day.weekday()] * (1.1 if day.month in WINTER_MONTHS else 0.95)
		if branch["round_the_clock"]:
			factor *= ROUND_THE_CLOCK_FACTOR
		return max(1, round(base * factor * self.rng.uniform(0.85, 1.15)))

	def sales_weights(self, items: list[dict], winter: bool) -> list[float]:
		up, down = SEASONAL_FACTORS
		seasonal = up if winter else down
		return [
			weight * (seasonal if self.seasonal[n] else 1.0) * (0.3 if items[n]["pku"] else 1.0)
			for n, weight in enumerate(self.popularity)
		]

	def customers_by_branch(self, customers: list[dict], originals_only: bool) -> dict[str, list[str]]:
		by_branch: dict[str, list[str]] = {b["code"]: [] for b in self.pharmacies}
		for customer in customers:
			if not (originals_only and customer["duplicate_of"]):
				by_branch[customer["home_branch"]].append(customer["customer_id"])
		return by_branch

	def pick_customer(self, home: list[str], everyone: list[str], share: float) -> str | None:
		rng = self.rng
		if rng.random() >= share:
			return None
		pool = home if home and rng.random() < HOME_BRANCH_SHARE else everyone
		return rng.choice(pool) if pool else None

	def make_invoices(self, items: list[dict], stock: list[dict], customers: list[dict]) -> list[dict]:
		"""The last recent_days days as POS receipts, sold only from each pharmacy's opening stock."""
		index = {item["item_code"]: n for n, item in enumerate(items)}
		weights = self.sales_weights(items, self.anchor.month in WINTER_MONTHS)
		shelves = {b["code"]: InvoiceShelf(self.rng) for b in self.pharmacies}
		for row in stock:
			shelf = shelves.get(row["branch_code"])
			item = items[index[row["item_code"]]]
			if shelf is not None and not item["pku"]:
				shelf.add(item, row, weights[index[row["item_code"]]])
		home = self.customers_by_branch(customers, originals_only=True)
		everyone = [c["customer_id"] for c in customers if not c["duplicate_of"]]
		base = self.scaled(self.chain["receipts_per_pharmacy_day"]["invoices"])
		invoices = []
		for offset in range(self.recent_days, 0, -1):
			day = self.anchor - datetime.timedelta(days=offset)
			for branch in self.pharmacies:
				shelf = shelves[branch["code"]]
				for _ in range(self.receipts_per_day(base, day, branch)):
					lines = shelf.sell(self.rng.choices(*INVOICE_LINES)[0])
					if not lines:
						continue
					invoices.append(
						{
							"invoice_id": f"SI-DEMO-{len(invoices) + 1:06d}",
							"posting_date": day,
							"branch_code": branch["code"],
							"customer_id": self.pick_customer(
								home[branch["code"]], everyone, INVOICE_CUSTOMER_SHARE
							),
							"lines": lines,
						}
					)
		return invoices

	def make_history(self, items: list[dict], customers: list[dict]) -> list[HistoryLine]:
		"""Legacy receipt lines of the history_days before the recent window: chronic buyers plus walk-ins."""
		start = self.anchor - datetime.timedelta(days=self.recent_days + self.history_days)
		visits = self.chronic_visits(items, customers)
		tables = {winter: list(accumulate(self.sales_weights(items, winter))) for winter in (True, False)}
		home = self.customers_by_branch(customers, originals_only=False)
		everyone = [c["customer_id"] for c in customers]
		base = self.scaled(self.chain["receipts_per_pharmacy_day"]["history"])
		receipts = {b["code"]: 0 for b in self.pharmacies}
		lines: list[HistoryLine] = []
		for offset in range(self.history_days):
			day = start + datetime.timedelta(days=offset)
			for branch in self.pharmacies:
				code = branch["code"]
				planned = visits.get((offset, code), [])
				count = max(0, self.receipts_per_day(base, day, branch) - len(planned))
				walk_ins = self.walk_ins(count, tables[day.month in WINTER_MONTHS], home[code], everyone)
				for customer, picks in planned + walk_ins:
					receipts[code] += 1
					receipt_no = f"L-{code}-{receipts[code]:06d}"
					lines += self.receipt_lines(receipt_no, day, code, customer, [items[n] for n in picks])
		return lines

	def walk_ins(self, count: int, table: list[float], home: list[str], everyone: list[str]) -> list[tuple]:
		"""(customer or None, item indexes) of sporadic receipts with 1–3 items drawn by sales weight."""
		rng, population, receipts = self.rng, range(len(table)), []
		for _ in range(count):
			size = bisect_right(HISTORY_LINE_THRESHOLDS, rng.random()) + 1
			picks = dict.fromkeys(rng.choices(population, cum_weights=table, k=size))
			receipts.append((self.pick_customer(home, everyone, HISTORY_CUSTOMER_SHARE), picks))
		return receipts

	def receipt_lines(
		self, receipt_no: str, day: datetime.date, code: str, customer: str | None, items: list[dict]
	) -> list[HistoryLine]:
		lines = []
		for item in items:
			qty = 1 if self.rng.random() < 0.8 else self.rng.randint(2, 3)
			amount = round(qty * item["price"], 2)
			lines.append(HistoryLine(receipt_no, day, code, customer, item["item_code"], qty, amount))
		return lines

	def chronic_visits(self, items: list[dict], customers: list[dict]) -> dict[tuple, list]:
		"""~15 % of customers re-buy the same 1–3 chronic items every 25–35 days at their home pharmacy."""
		rng = self.rng
		chronic_items = [n for n, flag in enumerate(self.chronic) if flag and not items[n]["pku"]]
		originals = [c for c in customers if not c["duplicate_of"]]
		if not chronic_items or not originals:
			return {}
		visits: dict[tuple, list] = {}
		low, high = CHRONIC_PERIOD
		for customer in rng.sample(originals, round(len(originals) * CHRONIC_SHARE)):
			picks = dict.fromkeys(
				rng.sample(chronic_items, min(len(chronic_items), rng.choice((1, 1, 2, 2, 3))))
			)
			period = rng.randint(low + 2, high - 2)
			day = rng.randrange(period)
			while day < self.history_days:
				visits.setdefault((day, customer["home_branch"]), []).append((customer["customer_id"], picks))
				day += period + rng.randint(-2, 2)
		return visits


class InvoiceShelf:
	"""One pharmacy's sellable stock in the recent window: prescription and OTC goods drawn by weight."""

	def __init__(self, rng: random.Random):
		self.rng = rng
		self.rows: dict[bool, list[list]] = {True: [], False: []}  # rx → [item, batch_id, remaining qty]
		self.weights: dict[bool, list[float]] = {True: [], False: []}
		self.tables: dict[bool, list[float]] = {}

	def add(self, item: dict, row: dict, weight: float):
		self.rows[item["rx"]].append([item, row["batch_id"], row["qty"]])
		self.weights[item["rx"]].append(weight)

	def sell(self, size: int) -> list[dict]:
		lines, used = [], set()
		for _ in range(size):
			rx = self.rng.random() < RX_LINE_SHARE and bool(self.rows[True])
			entry = self.draw(rx, used)
			if entry is None:
				continue
			item, batch_id, remaining = entry
			qty = min(remaining, 1 if self.rng.random() < 0.75 else self.rng.randint(2, 3))
			entry[2] -= qty
			used.add(item["item_code"])
			lines.append(
				{
					"item_code": item["item_code"],
					"batch_id": batch_id,
					"qty": qty,
					"rate": item["price"],
					"rx": item["rx"],
				}
			)
		return lines

	def draw(self, rx: bool, used: set[str]) -> list | None:
		"""A row with stock left that is not on the receipt yet; exhausted rows are simply skipped."""
		rows = self.rows[rx]
		if not rows:
			return None
		if rx not in self.tables:
			self.tables[rx] = list(accumulate(self.weights[rx]))
		for _ in range(20):
			entry = rows[self.rng.choices(range(len(rows)), cum_weights=self.tables[rx])[0]]
			if entry[2] > 0 and entry[0]["item_code"] not in used:
				return entry
		return None


# ------------------------------------------------------------ catalogue candidates


def drug_candidates(drug: vocab.Drug, plain_maker: str) -> tuple[list[Candidate], list[Candidate]]:
	"""(brands and the plain INN name, "INN-Maker" generics) of one INN; no generics of ПКУ drugs,
	combinations and extracts (flag brandonly)."""
	single = "+" not in drug.inn and "brandonly" not in drug.flags
	brands = list(drug.brands)
	if single and all(brand.name != drug.inn for brand in brands):
		brands.append(vocab.Brand(drug.inn, plain_maker, ()))
	branded = [c for brand in brands for c in drug_variants(drug, brand)]
	generic = []
	if single and "pku" not in drug.flags:
		for suffix, maker in vocab.GENERIC_SUFFIXES:
			generic += drug_variants(drug, vocab.Brand(drug.inn + suffix, maker, ()), generic=True)
	return branded, generic


def drug_variants(drug: vocab.Drug, brand: vocab.Brand, generic: bool = False) -> list[Candidate]:
	group = vocab.ATC_GROUPS[drug.atc[0]]
	variants = []
	for form, strengths in drug.forms:
		if brand.forms and form not in brand.forms:
			continue
		dosage_form, short, packs = vocab.FORMS[form]
		for s, strength in enumerate(strengths):
			for p, (label, qty) in enumerate(packs):
				fields = {
					"inn": drug.inn,
					"trade_name": brand.name,
					"atc_code": drug.atc,
					"dosage_form": dosage_form,
					"strength": strength or None,
					"pack_qty": qty,
					"manufacturer": brand.maker,
					"country": vocab.MANUFACTURERS[brand.maker],
					"rx": "rx" in drug.flags,
					"vital": "vital" in drug.flags,
					"pku": "pku" in drug.flags,
				}
				name = item_name(brand.name, short, strength, label)
				price = TIER_PRICES[drug.tier]
				variants.append(
					Candidate(
						name, "drug", group, fields, price, size_factor(s, p, qty), form, drug.flags, generic
					)
				)
	return variants


def supplement_candidates(supplement: vocab.Supplement, group: str) -> list[Candidate]:
	variants = []
	for form, strengths in supplement.forms:
		dosage_form, short, packs = vocab.FORMS[form]
		if form in vocab.SUPPLEMENT_PACK_FORMS:
			packs = vocab.SUPPLEMENT_PACKS
		for s, strength in enumerate(strengths):
			for p, (label, qty) in enumerate(packs):
				fields = non_drug_fields(
					supplement.name, supplement.maker, dosage_form, strength or None, qty
				)
				name = item_name(supplement.name, short, strength, label)
				factor = size_factor(s, p, qty)
				variants.append(
					Candidate(
						name,
						"supplement",
						group,
						fields,
						TIER_PRICES[supplement.tier],
						factor,
						form,
						supplement.flags,
					)
				)
	return variants


def device_candidates(device: vocab.Device, group: str) -> list[Candidate]:
	variants = []
	for n, variant in enumerate(device.variants):
		name = f"{device.stem} {variant}"
		count = re.search(r"№(\d+)", variant)
		fields = non_drug_fields(name, device.maker, None, None, int(count.group(1)) if count else 1)
		variants.append(
			Candidate(name, "device", group, fields, device.price, 1 + 0.15 * n, None, frozenset())
		)
	return variants


def hygiene_candidates(product: vocab.Hygiene, group: str) -> list[Candidate]:
	variants = []
	for n, pack in enumerate(product.packs):
		fields = non_drug_fields(product.name, product.maker, product.kind, None, 1)
		name = f"{product.name} {pack}"
		variants.append(
			Candidate(name, "hygiene", group, fields, product.price, 1 + 0.5 * n, None, frozenset())
		)
	return variants


def non_drug_fields(
	trade_name: str, maker: str, dosage_form: str | None, strength: str | None, qty: int
) -> dict:
	return {
		"inn": None,
		"trade_name": trade_name,
		"atc_code": None,
		"dosage_form": dosage_form,
		"strength": strength,
		"pack_qty": qty,
		"manufacturer": maker,
		"country": vocab.MANUFACTURERS[maker],
		"rx": False,
		"vital": False,
		"pku": False,
	}


def item_name(trade_name: str, short_form: str, strength: str, pack: str) -> str:
	return " ".join(part for part in (trade_name, short_form, strength, pack) if part)


def size_factor(strength_index: int, pack_index: int, pack_qty: int) -> float:
	"""Higher strengths and bigger packs cost more; count packs scale sublinearly with the count."""
	pack = (pack_qty / 20) ** 0.7 if pack_qty > 1 else 1 + 0.4 * pack_index
	return (1 + 0.3 * strength_index) * pack


def take_unique(
	candidates: list[Candidate], count: int, seen: set[str]
) -> tuple[list[Candidate], list[Candidate]]:
	"""The first count candidates whose names are still free, and the candidates not looked at."""
	taken = []
	for position, candidate in enumerate(candidates):
		if len(taken) >= count:
			return taken, candidates[position:]
		if candidate.name not in seen:
			seen.add(candidate.name)
			taken.append(candidate)
	return taken, []


def retail_round(price: float) -> float:
	"""Shelf prices: to 50 kopecks below 500 ₽, whole roubles below 1000 ₽, tens of roubles above."""
	if price < 500:
		return round(price * 2) / 2
	if price < 1000:
		return float(round(price))
	return float(round(price, -1))
