"""Demo: prescriptions customers brought and have not (fully) used yet, so the till has something to dispense
against. The prescriptions behind the demo's past sales are made by the invoice step; these are the open ones.
"""

import random

import frappe
from frappe.utils import add_days

from pharmacy_ext.demo.loader import PRESCRIBERS, customer_map

SERIES = "ДЕМО-А"
BASE_COUNT = 80


def load(loader):
	rx_items = [item for item in loader.plan.items if item.get("rx")]
	customers = sorted(customer_map().values())
	if not rx_items or not customers:
		return
	for number in range(1, max(3, round(BASE_COUNT * loader.scale)) + 1):
		if not frappe.db.exists("Prescription", {"series": SERIES, "number": str(number)}):
			# One random stream per prescription: a resumed load makes the same ones.
			rng = random.Random(f"{loader.seed}-open-prescription-{number}")
			make_open_prescription(loader.anchor, number, rng, rx_items, customers)
	frappe.db.commit()


def make_open_prescription(anchor, number: int, rng: random.Random, rx_items: list, customers: list):
	chronic, age = rng.random() < 0.3, rng.randrange(0, 40)
	items = rng.sample(rx_items, k=min(len(rx_items), rng.choice((1, 1, 2))))
	pku = any(item.get("pku") for item in items)
	prescriber, clinic = PRESCRIBERS[number % len(PRESCRIBERS)]
	doc = frappe.get_doc(
		{
			"doctype": "Prescription",
			"customer": rng.choice(customers),
			"form": "148-1/у-88" if pku else "107-1/у",
			"chronic_patient": 0 if pku else int(chronic),
			"series": SERIES,
			"number": str(number),
			"issue_date": add_days(anchor, -(age % 12 if pku else age)),
			"prescriber": prescriber,
			"clinic": clinic,
			"items": [
				{
					"item_code": item["item_code"],
					"qty_prescribed": rng.choice((1, 2, 3)),
					"dosage": rng.choice(DOSAGES),
				}
				for item in items
			],
		}
	)
	doc.insert(ignore_permissions=True)
	doc.submit()


DOSAGES = (
	"По 1 таблетке 1 раз в день",
	"По 1 таблетке 2 раза в день после еды",
	"По 1 капсуле утром, курс 30 дней",
	"По назначению врача",
)
