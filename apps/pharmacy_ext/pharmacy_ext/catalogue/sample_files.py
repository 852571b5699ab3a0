"""The catalogue samples shipped in the bench's fixtures/catalogue (made by fixtures/catalogue/make_sample.py),
used by the tests and the demo."""

import json
from pathlib import Path

import frappe
from frappe.utils import get_bench_path

SAMPLE_DIR = Path(get_bench_path()) / "fixtures" / "catalogue"
LEGACY_SAMPLE = SAMPLE_DIR / "legacy_catalogue.xlsx"
DUPLICATE_SAMPLE = SAMPLE_DIR / "duplicate_sample.csv"


def expected_outcomes() -> dict:
	return json.loads(LEGACY_SAMPLE.with_suffix(".expected.json").read_text())


def attach_file(content: bytes, file_name: str) -> str:
	"""A private File with the content; returns its URL for an Attach field."""
	file = frappe.get_doc({"doctype": "File", "file_name": file_name, "content": content, "is_private": 1})
	file.insert(ignore_permissions=True)
	return file.file_url
