"""How Russian pharmacy staff write catalogue facts, brought to one canonical spelling.

Pure functions (no database): the legacy import, the duplicate scan and their benchmark all compare items by
these forms, so "Нурофен таб. п/о 200мг №10" and "НУРОФЕН таблетки, покрытые оболочкой 0,2 г N10" meet.
"""

import re
from functools import lru_cache

from pharmacy_ext.demo import vocabulary as vocab

# Latin letters that look like Cyrillic ones; swapped inside words that are mostly Cyrillic.
LOOKALIKES = str.maketrans("aceopxykmthbAСEOPXYKMTHB", "асеорхукмтнвАСЕОРХУКМТНВ")
QUOTES_AND_MARKS = re.compile(r"[«»\"“”„'`´®™©]")
SPACES = re.compile(r"\s+")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)


LOOKALIKE_LATIN = frozenset("aceopxykmthbACEOPXYKMTHB")


def fix_lookalikes(word: str) -> str:
	"""A Cyrillic word typed with some Latin letters (Дecaмeтaзoн): all of them look-alikes, so swap them."""
	latin = LATIN.findall(word)
	if latin and CYRILLIC.search(word) and all(ch in LOOKALIKE_LATIN for ch in latin):
		return word.translate(LOOKALIKES)
	return word


def clean_text(value) -> str:
	"""Trimmed single-spaced text without quotes and ®/™, with Latin look-alikes fixed; case kept."""
	if value is None:
		return ""
	text = QUOTES_AND_MARKS.sub("", str(value)).replace("\u00a0", " ")
	return SPACES.sub(" ", " ".join(fix_lookalikes(w) for w in text.split())).strip()


def normalise_name(value) -> str:
	"""Comparison key of a name: lower case, ё→е, punctuation to spaces."""
	text = clean_text(value).lower().replace("ё", "е")
	text = re.sub(r"[^\w%№+/.,-]+", " ", text)
	text = re.sub(r"(?<!\d)[.,]|[.,](?!\d)", " ", text)
	return SPACES.sub(" ", text.replace("-", " ")).strip()


# ------------------------------------------------------------------ dosage forms

# (pattern, replacement) applied in order to lower-cased text; each expands one way of abbreviating.
FORM_WORDS = [
	(r"п\s*/\s*п\s*/\s*о\b|п\.\s*п\.\s*о\.?|\bппо\b", " покрытые пленочной оболочкой "),
	(r"покр\w*\.?\s*пл\w*\.?\s*об\w*\.?", " покрытые пленочной оболочкой "),
	(r"п\s*/\s*о\b|\bп\.\s*о\.?|покр\w*\.?\s*об\w*\.?", " покрытые оболочкой "),
	(r"кишечнораств\w*\.?|\bк\s*/\s*р\b|\bкиш\w*\.?\s*/?\s*раств\w*\.?", " кишечнорастворимые "),
	(r"\bтабл?\w*\.?|\btab\w*\.?", " таблетки "),
	(r"\bкапс\w*\.?|\bcaps?\w*\.?", " капсулы "),
	(r"\bр\s*-\s*ра\b\.?", " раствора "),
	(r"\bр\s*-\s*р\b\.?|\bр\.\s*р\.?|\bраствор\b", " раствор "),
	(r"\bд\s*/\s*ин(?:ъ\w*)?\.?(?![а-я])|\bдля\s+ин\.?(?=\s|$)", " для инъекций "),
	(r"\bсусп\w*\.?", " суспензия "),
	(r"\bпор\b\.?|\bпорош\w*", " порошок "),
	(r"\bсупп\w*\.?|\bсвечи\b", " суппозитории "),
	(r"\bрект\w*\.?", " ректальные "),
	(r"\bваг\w*\.?", " вагинальные "),
	(r"\bприг\w*\.?", " приготовления "),
	(r"\bнаруж\w*\.?", " наружного "),
	(r"\bприм\w*\.?", " применения "),
	(r"\bместн\w*\.?", " местного "),
	(r"\bназ\w*\.?", " назальные "),
	(r"\bглазн\w*\.?", " глазные "),
	(r"\bдозир\w*\.?", " дозированный "),
	(r"\bингал\w*\.?", " ингаляций "),
	(r"\bжев\w*\.?", " жевательные "),
	(r"\bдисперг\w*\.?", " диспергируемые "),
	(r"\bшип\w*\.?", " шипучие "),
	(r"\bрассас\w*\.?", " рассасывания "),
	(r"\bпролонг\w*\.?(?:\s*действ\w*\.?)?", " пролонгированного действия "),
	(r"\bс?\s*модиф\w*\.?\s*высвоб\w*\.?", " с модифицированным высвобождением "),
	(r"\bгран\w*\.?", " гранулы "),
	(r"\bаэр\w*\.?", " аэрозоль "),
	(r"\bп\s*/\s*к\b", " подкожного "),
	(r"\bвв(ед\w*)?\.?(?=\s|$)", " введения "),
	(r"\bд\s*/\s*", " для "),
	(r"\bприема\s+внутрь|\bвнутр\w*\.?", " приема внутрь "),
]
FORM_PATTERNS = [(re.compile(p), r) for p, r in FORM_WORDS]
AMPOULES = re.compile(r"\bамп\w*\.?")
PACKAGING = re.compile(
	r"(?<![а-я])(?:пакет\w*|флак\w*|фл\.|картридж\w*|шприц\S*|контейнер\w*|блист\w*|туб\w*|уп\w*\.?|банк\w*)"
)

# A word that begins the dosage form inside a product name (brands like "Аэртал" must not).
FORM_START = re.compile(
	r"^(?:табл?(?:етки|етка)?|tab\w*|капс(?:улы)?|caps\w*|р-ра?|р\.р|раствор|амп(?:улы)?|сусп(?:ензия)?|"
	r"пор(?:ошок)?|супп(?:озитории)?|свечи|сироп|капли|мазь|гель|крем|спрей|аэр(?:озоль)?|гран(?:улы)?|"
	r"шампунь|плитка|лосьон|эмульсия|пластырь)(?![а-яёa-z])"
)


def form_key(text: str) -> str:
	return SPACES.sub(" ", re.sub(r"[^\w/ ]+", " ", text.lower().replace("ё", "е"))).strip()


def form_stem(key: str) -> str:
	"""Words cut to five letters, so case endings (суспензия/суспензии) do not matter."""
	return " ".join(word[:5] for word in key.split())


@lru_cache(maxsize=1)
def known_forms() -> dict[str, str]:
	"""Canonical dosage forms of the vocabulary by the stem of their punctuation-free key."""
	return {form_stem(form_key(full)): full for full, _short, _packs in vocab.FORMS.values()}


@lru_cache(maxsize=4096)
def normalise_form(value) -> str:
	"""Full Russian dosage form: "таб. п/о" → "таблетки, покрытые оболочкой"; "" if none."""
	text = " " + clean_text(value).lower().replace("ё", "е") + " "
	if not text.strip():
		return ""
	known = known_forms().get(form_stem(form_key(text)))
	if known:
		return known
	ampoules = bool(AMPOULES.search(text))
	text = PACKAGING.sub(" ", AMPOULES.sub(" ", text))
	for pattern, replacement in FORM_PATTERNS:
		text = pattern.sub(replacement, text)
	key = form_key(text)
	if ampoules and not any(key.startswith(h) for h in ("раствор", "порошок")):
		key = form_key("раствор для инъекций " + key)
	return known_forms().get(form_stem(key), key)


# ------------------------------------------------------------------ strengths

UNITS = {
	"мг": "мг",
	"mg": "мг",
	"г": "г",
	"гр": "г",
	"g": "г",
	"мкг": "мкг",
	"mcg": "мкг",
	"µg": "мкг",
	"μg": "мкг",
	"mkg": "мкг",
	"мл": "мл",
	"ml": "мл",
	"л": "л",
	"ед": "ЕД",
	"me": "ЕД",
	"ме": "ЕД",
	"iu": "ЕД",
	"ui": "ЕД",
	"%": "%",
	"доз": "доз",
	"доза": "доз",
}
MASS_IN_MCG = {"мкг": 1, "мг": 1000, "г": 1_000_000}
QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)?\s*([a-zа-я%µμ]+)?$")


def format_number(value: float) -> str:
	text = f"{value:.4f}".rstrip("0").rstrip(".")
	return text.replace(".", ",")


def canonical_mass(value: float, unit: str) -> str:
	"""Mass in the unit people read best: 0,5 г → 500 мг, 1000 мг → 1 г, 0,4 мг → 400 мкг."""
	mcg = value * MASS_IN_MCG[unit]
	if mcg >= 1_000_000:
		return f"{format_number(mcg / 1_000_000)} г"
	if mcg >= 1000:
		return f"{format_number(mcg / 1000)} мг"
	return f"{format_number(mcg)} мкг"


def parse_quantity(text: str) -> tuple[float | None, str] | None:
	match = QUANTITY.match(text.strip())
	if not match or not any(match.groups()):
		return None
	number, unit = match.groups()
	unit = UNITS.get((unit or "").lower(), None) if unit else ""
	if unit is None:
		return None
	return (float(number) if number else None), unit


def format_quantity(value: float | None, unit: str) -> str:
	if value is None:
		return unit
	if unit in MASS_IN_MCG:
		return canonical_mass(value, unit)
	return f"{format_number(value)} {unit}".strip()


@lru_cache(maxsize=4096)
def normalise_strength(value) -> str | None:
	"""Canonical strength ("500мг", "0,5 г", "500 MG" → "500 мг"; "5 mg/ml" → "5 мг/мл";
	"400мг+400мг" → "400 мг+400 мг"); "" when empty, None when it cannot be read."""
	text = clean_text(value).lower().replace("ё", "е")
	if not text:
		return ""
	text = re.sub(r"(\d)\s+(?=\d{3}\b)", r"\1", text)  # 10 000 ЕД
	text = re.sub(r"(\d),(\d)", r"\1.\2", text)
	parts = []
	for component in text.split("+"):
		pieces = [parse_quantity(piece) for piece in component.split("/")]
		if not pieces or any(p is None for p in pieces) or pieces[0][0] is None:
			return None
		if len(pieces) == 1 and not pieces[0][1]:
			return None  # a bare number: the unit is unknown
		parts.append("/".join(format_quantity(v, u) for v, u in pieces))
	return "+".join(parts)


QTY = r"\d+(?:[.,]\d+)?\s*(?:мкг|mcg|мг|mg|г|g|мл|ml|ед|ме|me|iu|%)"
PER = r"(?:\s*/\s*(?:\d+(?:[.,]\d+)?\s*)?(?:мл|ml|г|доз\w*))?"
STRENGTH_IN_NAME = re.compile(
	rf"(?<![\w№])({QTY}{PER}(?:\s*\+\s*{QTY}{PER})*)(?![\w])",
	re.IGNORECASE,
)
# What a bottle, tube or inhaler holds (20 мл, 30 г, 120 доз): tells apart packs of one strength.
SIZE_IN_NAME = re.compile(r"(?<![\w№/])(\d+(?:[.,]\d+)?\s*(?:доз\w*|мл|ml|г|g|л))(?![\w/])", re.IGNORECASE)
# Containers of one form and strength that are different products (cartridges vs pens).
CONTAINERS = {
	"картридж": "картриджи",
	"шприц": "шприц-ручки",
	"флак": "флакон",
	"амп": "ампулы",
	"пакет": "пакетики",
	"саше": "пакетики",
	"контейнер": "контейнеры",
}
CONTAINER_IN_NAME = re.compile(r"(?<![а-я])(" + "|".join(CONTAINERS) + r")", re.IGNORECASE)

# ------------------------------------------------------------------ packs

PACK_PATTERNS = [
	re.compile(r"(?:№|\bn|\bno)\s*\.?\s*(\d+)\b", re.IGNORECASE),
	re.compile(r"\b(\d+)\s*(?:шт|таб|капс|амп|пак|супп|фл)\w*\.?", re.IGNORECASE),
	re.compile(r"(?:\bуп\w*\.?|\bx|\bх)\s*(\d+)\b", re.IGNORECASE),
	re.compile(r"^\s*(\d+)\s*$"),
]


def parse_pack(value) -> int | None:
	"""Units in a pack: "№10", "N10", "10 шт", "уп. 10", "10" → 10; None when there is no count."""
	text = clean_text(value)
	if isinstance(value, int | float) and not isinstance(value, bool):
		return int(value) if value > 0 and float(value).is_integer() else None
	for pattern in PACK_PATTERNS:
		match = pattern.search(text)
		if match and int(match.group(1)) > 0:
			return int(match.group(1))
	return None


# ------------------------------------------------------------------ GTIN


def normalise_gtin(value) -> str:
	"""Digits of a barcode as text (Excel turns them into floats and drops spaces); "" when empty."""
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return re.sub(r"[\s-]", "", str(value)).strip()


def gtin_is_valid(gtin: str) -> bool:
	"""GTIN-8/12/13/14 with a correct GS1 check digit."""
	if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
		return False
	digits = [int(d) for d in gtin]
	body = digits[:-1][::-1]
	total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
	return (10 - total % 10) % 10 == digits[-1]


def gtin_key(gtin: str) -> str:
	"""One spelling per product: GTIN-13 and its zero-padded GTIN-14 are the same barcode."""
	return gtin.zfill(14) if gtin.isdigit() else gtin


# ------------------------------------------------------------------ names: brand, INN, form, strength, pack


@lru_cache(maxsize=1)
def known_inns() -> dict[str, str]:
	return {normalise_name(d.inn): d.inn for d in vocab.DRUGS}


GENERIC_MAKER_SUFFIX = re.compile(
	"(?:" + "|".join(re.escape(normalise_name(s)) for s, _maker in vocab.GENERIC_SUFFIXES) + r")$"
)


def detect_inn(brand: str, extra_inns: dict[str, str] | None = None) -> str | None:
	"""The INN a product name is (Ибупрофен, Ибупрофен-Вертекс) or None for a brand (Нурофен)."""
	key = normalise_name(brand)
	inns = {**known_inns(), **(extra_inns or {})}
	if key in inns:
		return inns[key]
	stem = GENERIC_MAKER_SUFFIX.sub("", key).strip()
	return inns.get(stem)


def split_name(name) -> dict:
	"""Parts of a product name written the legacy way: brand, dosage form, strength, pack."""
	text = clean_text(name)
	strength_match = STRENGTH_IN_NAME.search(text)
	strength = normalise_strength(strength_match.group(1)) if strength_match else ""
	pack = None
	for pattern in PACK_PATTERNS[:3]:
		match = pattern.search(text)
		if match:
			pack = int(match.group(1))
			break
	rest = STRENGTH_IN_NAME.sub(" ", text, count=1)
	size_match = SIZE_IN_NAME.search(rest)
	size = normalise_strength(re.sub(r"доз\w*", " доз", size_match.group(1))) if size_match else ""
	container = CONTAINER_IN_NAME.search(text.lower())
	rest = SIZE_IN_NAME.sub(" ", rest)
	for pattern in PACK_PATTERNS[:3]:
		rest = pattern.sub(" ", rest)
	words = rest.split()
	head = next((i for i, w in enumerate(words) if FORM_START.match(w.lower())), len(words))
	brand = " ".join(words[:head])
	form = normalise_form(" ".join(words[head:]))
	return {
		"brand": brand.strip(" ,.-"),
		"form": form,
		"strength": strength or "",
		"pack": pack,
		"size": size or "",
		"container": CONTAINERS[container.group(1)] if container else "",
	}
