"""Reading a legacy catalogue file (.xlsx or .csv): its rows, the header row, and which column is which.

Pure (no database): the import doctype hands in the file's bytes and name.
"""

import csv
import hashlib
import io
import re

from openpyxl import load_workbook

from pharmacy_ext.catalogue.normalise import normalise_name

# Catalogue field -> the headers legacy sheets give it (normalised: lower case, punctuation as spaces).
HEADER_WORDS = {
	"Legacy Code": ("код", "код товара", "артикул", "код 1с", "код номенклатуры", "code", "sku"),
	"Item Name": ("наименование", "название", "товар", "номенклатура", "наименование товара", "name"),
	"INN": ("мнн", "международное наименование", "действующее вещество", "inn"),
	"Trade Name": ("торговое наименование", "торговое название", "бренд", "тн"),
	"Dosage Form": ("форма выпуска", "форма", "лекарственная форма", "лф"),
	"Strength": ("дозировка", "доза", "концентрация", "strength"),
	"Pack": ("кол во в уп", "количество в упаковке", "фасовка", "кол во", "в упаковке", "упаковка", "pack"),
	"GTIN": ("штрихкод", "штрих код", "шк", "ean", "ean13", "gtin", "barcode"),
	"Manufacturer": ("производитель", "изготовитель", "фирма", "manufacturer"),
	"Country": ("страна", "страна производства", "страна происхождения", "country"),
	"Prescription Only": ("рецептурный", "по рецепту", "отпуск по рецепту", "рецепт", "rx"),
	"Vital": ("жнвлп", "жнвлс", "жв"),
	"ATC Code": ("атх", "код атх", "atc"),
	"Category": ("категория", "тип", "вид товара", "группа"),
	"Shelf Life (months)": ("срок годности мес", "срок годности", "срок хранения"),
	"Storage": ("условия хранения", "хранение"),
	"RU Number": ("ру", "номер ру", "рег удостоверение", "регистрационное удостоверение"),
}
HEADER_SCAN_ROWS = 20


class SheetError(Exception):
	"""The file cannot be read as a catalogue sheet (the message says why)."""


def read_rows(content: bytes | str, filename: str) -> list[list]:
	"""All rows of the first sheet (.xlsx) or of a CSV file (UTF-8 or Windows-1251, ; or , separated)."""
	name = filename.lower()
	if isinstance(content, str):  # frappe hands text files over already decoded
		content = content.encode()
	if name.endswith(".xlsx"):
		try:
			workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
		except Exception as error:
			raise SheetError(f"not an .xlsx workbook ({error})") from error
		sheet = workbook.worksheets[0]
		return [list(row) for row in sheet.iter_rows(values_only=True)]
	if name.endswith(".csv"):
		for encoding in ("utf-8-sig", "cp1251"):
			try:
				text = content.decode(encoding)
				break
			except UnicodeDecodeError:
				continue
		else:
			raise SheetError("unknown text encoding")
		delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
		return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
	raise SheetError("only .xlsx and .csv files can be imported")


def header_key(value) -> str:
	return re.sub(r"[^\w]+", " ", normalise_name(value).replace(".", " ")).strip()


def guess_target(header) -> str:
	"""The catalogue field a header names, or "" (exact words first, then a header that starts with them)."""
	key = header_key(header)
	if not key:
		return ""
	for target, words in HEADER_WORDS.items():
		if key in words:
			return target
	for target, words in HEADER_WORDS.items():
		if any(key.startswith(word + " ") for word in words if len(word) > 2):
			return target
	return ""


def find_header_row(rows: list[list]) -> int:
	"""0-based index of the row with the most recognised headers among the first rows."""
	best, best_hits = None, 1
	for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
		hits = sum(1 for cell in row if guess_target(cell))
		if hits > best_hits:
			best, best_hits = index, hits
	if best is None:
		best = next((i for i, row in enumerate(rows) if any(is_filled(c) for c in row)), None)
	if best is None:
		raise SheetError("the file is empty")
	return best


def header_signature(headers: list) -> str:
	"""Same headers in the same order → the same signature, whatever the title rows above them."""
	joined = "|".join(header_key(h) for h in headers)
	return hashlib.sha1(joined.encode()).hexdigest()[:16]


def is_filled(cell) -> bool:
	return cell is not None and str(cell).strip() != ""


def data_rows(rows: list[list], header_index: int) -> list[tuple[int, list]]:
	"""(1-based row number as the spreadsheet shows it, cells) of every row below the header."""
	return [(header_index + 2 + n, row) for n, row in enumerate(rows[header_index + 1 :])]


def row_values(row: list, columns: list[tuple[int, str]]) -> dict:
	"""{catalogue field: cell} for the mapped columns (1-based column numbers)."""
	values = {}
	for column_no, target in columns:
		cell = row[column_no - 1] if column_no - 1 < len(row) else None
		if target and is_filled(cell):
			values[target] = cell.strip() if isinstance(cell, str) else cell
	return values
