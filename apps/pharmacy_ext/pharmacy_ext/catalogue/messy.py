"""Products of the demo vocabulary written the way a legacy Excel catalogue has them: abbreviated forms,
"0,5 г" for "500 мг", "N10" for "№10", shouting capitals, ®, Latin look-alike letters and typos.

Pure and driven by the caller's random.Random, so the fixture sample (fixtures/catalogue/make_sample.py) and the
duplicate benchmark are reproducible.
"""

import random
import re

from pharmacy_ext.demo import plan
from pharmacy_ext.demo import vocabulary as vocab

FORM_SPELLINGS = {
	"таблетки": ("таб.", "табл.", "таблетки", "ТАБ.", "таб", "тaб."),
	"капсулы": ("капс.", "капсулы", "КАПС.", "капс"),
	"р-р": ("р-р", "р-р", "раствор"),
	"п/о": ("п/о", "п.о.", "покр. об.", "п/о"),
	"п/п/о": ("п/п/о", "п.п.о.", "п/п/о"),
	"д/ин.": ("д/ин.", "д/ин", "для ин."),
	"супп.": ("супп.", "свечи", "супп."),
}
LOOKALIKE = str.maketrans("аеосрх", "aeocpx")


def products() -> list[dict]:
	"""Every product the vocabulary can make (brands, plain INNs, "INN-Maker" generics, non-drugs):
	{"name", "category", "short_form", "label", "fields"}."""
	result = []
	for drug in vocab.DRUGS:
		branded, generic = plan.drug_candidates(
			drug, vocab.PLAIN_MAKERS[len(drug.inn) % len(vocab.PLAIN_MAKERS)]
		)
		result += [as_product(c) for c in branded + generic]
	for supplement in vocab.SUPPLEMENTS:
		result += [as_product(c) for c in plan.supplement_candidates(supplement, "")]
	for device in vocab.DEVICES:
		result += [as_product(c) for c in plan.device_candidates(device, "")]
	for product in vocab.HYGIENE:
		result += [as_product(c) for c in plan.hygiene_candidates(product, "")]
	return result


def as_product(candidate) -> dict:
	short = vocab.FORMS[candidate.form][1] if candidate.form else ""
	return {"name": candidate.name, "category": candidate.category, "short_form": short, **candidate.fields}


def spell_form(rng: random.Random, short: str) -> str:
	words = short.split()
	return " ".join(rng.choice(FORM_SPELLINGS[w]) if w in FORM_SPELLINGS else w for w in words)


def spell_strength(rng: random.Random, strength: str | None) -> str:
	"""500 мг as 500мг, 0,5 г, 500 mg, 500 MG."""
	if not strength:
		return ""
	match = re.fullmatch(r"(\d+) мг", strength)
	choices = [strength, strength.replace(" ", "")]
	if match:
		mg = int(match.group(1))
		choices += [f"{mg} mg", f"{mg} MG"]
		if mg >= 100 and mg % 100 == 0:
			choices.append(f"{mg / 1000:g} г".replace(".", ","))
	return rng.choice(choices)


def spell_pack(rng: random.Random, label: str, qty: int) -> str:
	if label.startswith("№"):
		return rng.choice((label, f"N{qty}", f"№ {qty}", f"{qty} шт", f"x{qty}"))
	return label


def spell_brand(rng: random.Random, brand: str) -> str:
	roll = rng.random()
	if roll < 0.2:
		return brand.upper()
	if roll < 0.3:
		return f"{brand}®"
	if roll < 0.4:
		return f"«{brand}»"
	if roll < 0.5:
		return brand.translate(LOOKALIKE)
	return brand


def typo(rng: random.Random, word: str) -> str:
	"""One slip of the finger in the middle of a word (a swapped, doubled, dropped or wrong letter)."""
	letters = [i for i, ch in enumerate(word) if ch.isalpha()]
	if len(letters) < 5:
		return word
	i = rng.choice(letters[2:-2])
	kind = rng.choice(("swap", "double", "drop", "replace"))
	if kind == "swap" and i + 1 < len(word):
		return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
	if kind == "double":
		return word[: i + 1] + word[i] + word[i + 1 :]
	if kind == "drop":
		return word[:i] + word[i + 1 :]
	vowels = "аеиоуыэя"
	return word[:i] + rng.choice([v for v in vowels if v != word[i].lower()]) + word[i + 1 :]


def messy_name(rng: random.Random, product: dict, with_typo: bool = False) -> str:
	"""The product's name as somebody typed it into the legacy sheet."""
	brand = product["trade_name"] or product["name"]
	if not product["short_form"]:  # devices and hygiene: the name is the product
		brand = product["name"]
	if with_typo:
		first, _, rest = brand.partition(" ")
		brand = " ".join(p for p in (typo(rng, first), rest) if p)
	pack_label = product_pack_label(product)
	parts = [
		spell_brand(rng, brand),
		spell_form(rng, product["short_form"]),
		spell_strength(rng, product.get("strength")),
		spell_pack(rng, pack_label, product.get("pack_qty") or 1) if product["short_form"] else "",
	]
	return " ".join(p for p in parts if p)


def product_pack_label(product: dict) -> str:
	"""The pack as the vocabulary wrote it in the name ("№20", "флакон 100 мл"): the name's tail."""
	name = product["name"]
	strength = product.get("strength") or ""
	tail = (
		name.split(strength, 1)[1]
		if strength and strength in name
		else name[len(product["trade_name"] or "") :]
	)
	tail = tail.replace(product["short_form"], "", 1) if product["short_form"] else ""
	return tail.strip()
