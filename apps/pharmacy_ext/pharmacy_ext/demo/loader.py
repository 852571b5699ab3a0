"""Loads the deterministic demo plan (demo/plan.py) into the site as real ERPNext/HRMS documents.

Each step is idempotent and committed on its own, so an interrupted load resumes where it stopped and a
second run changes nothing. Recent sales are real submitted Sales Invoices (stock and GL agree); the
older 12 months go, as in a real switch-over, into Legacy Sales Line in bulk.

    bench --site pharmacy.localhost execute pharmacy_ext.demo.loader.load_demo --kwargs "{'scale': 1}"
"""

import json
import time
from collections import defaultdict

import frappe
from frappe.utils import add_days, flt, getdate, now, today

from pharmacy_ext.catalogue.vat import sales_vat_template
from pharmacy_ext.demo.plan import DemoPlan, build_plan
from pharmacy_ext.network.branches import BranchSpec, ensure_branch
from pharmacy_ext.network.staff import StaffSpec, ensure_staff_member
from pharmacy_ext.setup.company import ensure_company_setup

DEMO_PASSWORD = "Apteka-2026"
STATE_KEY = "pharm_demo_state"
WALK_IN_CUSTOMER = "Розничный покупатель"
CATEGORY = {"drug": "Drug", "supplement": "Supplement", "device": "Medical Device", "hygiene": "Hygiene"}
COUNTRIES = {
	"Россия": "Russian Federation",
	"Германия": "Germany",
	"Франция": "France",
	"Великобритания": "United Kingdom",
	"Венгрия": "Hungary",
	"Словения": "Slovenia",
	"Индия": "India",
	"Израиль": "Israel",
	"Швейцария": "Switzerland",
	"Польша": "Poland",
	"Сербия": "Serbia",
	"Хорватия": "Croatia",
	"Япония": "Japan",
	"Китай": "China",
	"США": "United States",
	"Италия": "Italy",
	"Нидерланды": "Netherlands",
	"Бельгия": "Belgium",
	"Австрия": "Austria",
	"Дания": "Denmark",
	"Ирландия": "Ireland",
	"Испания": "Spain",
	"Беларусь": "Belarus",
	"Казахстан": "Kazakhstan",
	"Чехия": "Czech Republic",
	"Финляндия": "Finland",
	"Швеция": "Sweden",
	"Турция": "Turkey",
	"Южная Корея": "Korea, Republic of",
}


class DemoLoader:
	def __init__(self, plan: DemoPlan, seed: int, scale: float, anchor):
		self.plan = plan
		self.anchor = anchor
		self.seed = seed
		self.scale = scale
		self.company = frappe.defaults.get_global_default("company")
		self.branch_by_code: dict[str, str] = {}
		self.customer_by_id: dict[str, str] = {}

	# ------------------------------------------------------------ driver

	STEPS = (
		"branches",
		"item_groups",
		"items",
		"batches",
		"customers",
		"employees",
		"shift_types",
		"opening_stock",
		"pos_profiles",
		"invoices",
		"history",
	)

	# Steps that live with their capability: name -> "module.function", called as function(loader) after
	# the core steps, in this order. Each must be idempotent like the core steps.
	CAPABILITY_STEPS: dict[str, str] = {
		"open_prescriptions": "pharmacy_ext.prescriptions.demo.load",
		"shifts": "pharmacy_ext.shifts.demo.load",
		"catalogue_import": "pharmacy_ext.catalogue.demo_import.load",
		"omnichannel": "pharmacy_ext.omnichannel.demo.load",
	}

	def run(self):
		state = load_state()
		if state.get("digest") and state["digest"] != self.plan.digest():
			print(
				f"A demo data set (seed {state.get('seed')}, scale {state.get('scale')}) is already loaded; "
				"nothing changed. Use a fresh site for another seed or scale."
			)
			return
		state.update(
			{"seed": self.seed, "scale": self.scale, "anchor": str(self.anchor), "digest": self.plan.digest()}
		)
		done = set(state.setdefault("done", []))
		self.branch_by_code = self.ensure_branches() if "branches" in done else {}
		steps = (*self.STEPS, *self.CAPABILITY_STEPS)
		for index, step in enumerate(steps):
			if step in done:
				continue
			started = time.monotonic()
			frappe.publish_progress(index * 100 / len(steps), title="Loading demo data", description=step)
			if step in self.CAPABILITY_STEPS:
				frappe.get_attr(self.CAPABILITY_STEPS[step])(self)
			else:
				getattr(self, f"load_{step}")()
			state["done"].append(step)
			save_state(state)
			frappe.db.commit()
			print(f"  {step}: done in {time.monotonic() - started:.1f} s", flush=True)
		print("Demo data loaded.")

	# ------------------------------------------------------------ steps

	def ensure_branches(self) -> dict[str, str]:
		return {
			b["code"]: ensure_branch(
				BranchSpec(
					code=b["code"],
					name=b["name"],
					kind=b["kind"],
					city=b.get("city", ""),
					address=b.get("address", ""),
					phone=b.get("phone", ""),
					opening_hours=b.get("opening_hours", ""),
					round_the_clock=bool(b.get("round_the_clock")),
				),
				self.company,
			)
			for b in self.plan.branches
		}

	def load_branches(self):
		self.branch_by_code = self.ensure_branches()

	def load_item_groups(self):
		root = frappe.db.get_value("Item Group", {"parent_item_group": ["is", "not set"]}, "name")
		for group in self.plan.item_groups:
			if frappe.db.exists("Item Group", group["name"]):
				continue
			parent = group["parent"]
			if parent == "All Item Groups" or not frappe.db.exists("Item Group", parent):
				parent = root
			frappe.get_doc(
				{
					"doctype": "Item Group",
					"item_group_name": group["name"],
					"parent_item_group": parent,
					"is_group": 1 if any(g["parent"] == group["name"] for g in self.plan.item_groups) else 0,
				}
			).insert(ignore_permissions=True)

	def load_items(self):
		uom = frappe.db.get_single_value("Stock Settings", "stock_uom")
		existing = set(frappe.get_all("Item", pluck="name"))
		dc_warehouse = frappe.db.get_value("Branch", self.branch_by_code["DC"], "pharm_warehouse")
		for n, item in enumerate(self.plan.items):
			if item["item_code"] in existing:
				continue
			doc = frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": item["item_code"],
					"item_name": item["item_name"],
					"description": item["item_name"],
					"item_group": item["item_group"],
					"stock_uom": uom,
					"is_stock_item": 1,
					"include_item_in_manufacturing": 0,
					"has_batch_no": 1 if item["has_batch"] else 0,
					"has_expiry_date": 1 if item["has_batch"] else 0,
					"shelf_life_in_days": item.get("shelf_life_days") or 0,
					"valuation_rate": item["cost"],
					"standard_rate": item["price"],
					"barcodes": [{"barcode": item["gtin"], "barcode_type": "EAN"}]
					if item.get("gtin")
					else [],
					"item_defaults": [{"company": self.company, "default_warehouse": dc_warehouse}],
					"pharm_category": CATEGORY.get(item["category"]),
					"pharm_inn": item.get("inn"),
					"pharm_trade_name": item.get("trade_name"),
					"pharm_atc_code": item.get("atc_code"),
					"pharm_dosage_form": item.get("dosage_form"),
					"pharm_strength": item.get("strength"),
					"pharm_pack_qty": item.get("pack_qty"),
					"pharm_manufacturer": item.get("manufacturer"),
					"pharm_country": COUNTRIES.get(item.get("country")),
					"pharm_rx_only": 1 if item.get("rx") else 0,
					"pharm_vital": 1 if item.get("vital") else 0,
					"pharm_pku": 1 if item.get("pku") else 0,
					"pharm_storage": item.get("storage"),
					"pharm_storage_temp_min": item.get("storage_temp_min"),
					"pharm_storage_temp_max": item.get("storage_temp_max"),
					"pharm_marking": item.get("marking"),
					"pharm_ru_number": item.get("ru_number"),
					"pharm_ru_kind": item.get("ru_kind"),
					"pharm_ru_status": item.get("ru_status"),
					"pharm_ru_valid_until": item.get("ru_valid_until"),
				}
			)
			doc.insert(ignore_permissions=True)
			commit_every(n)

	def load_batches(self):
		existing = set(frappe.get_all("Batch", pluck="name"))
		for n, batch in enumerate(self.plan.batches):
			if batch["batch_id"] in existing:
				continue
			frappe.get_doc(
				{
					"doctype": "Batch",
					"batch_id": batch["batch_id"],
					"item": batch["item_code"],
					"manufacturing_date": batch["manufacturing_date"],
					"expiry_date": batch["expiry_date"],
				}
			).insert(ignore_permissions=True)
			commit_every(n)

	def load_customers(self):
		ensure_walk_in_customer()
		self.customer_by_id = customer_map()
		group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name", order_by="lft desc")
		individual = (
			frappe.db.get_value("Customer Group", {"customer_group_name": ["like", "%Частн%"]}) or group
		)
		territory = frappe.db.get_value("Territory", {"is_group": 0}, "name", order_by="lft desc")
		for n, customer in enumerate(self.plan.customers):
			if customer["customer_id"] in self.customer_by_id:
				continue
			doc = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": customer["full_name"],
					"customer_type": "Individual",
					"customer_group": individual,
					"territory": territory,
					"gender": customer.get("gender"),
					"mobile_no": customer.get("phone"),
					"email_id": customer.get("email"),
					"pharm_home_branch": self.branch_by_code.get(customer.get("home_branch")),
					"pharm_loyalty_card": customer.get("loyalty_card"),
					"pharm_birth_date": customer.get("birth_date"),
					"pharm_legacy_id": customer["customer_id"],
				}
			)
			doc.flags.ignore_mandatory = True
			doc.insert(ignore_permissions=True)
			self.customer_by_id[customer["customer_id"]] = doc.name
			commit_every(n)

	def load_employees(self):
		for employee in self.plan.employees:
			ensure_staff_member(
				StaffSpec(
					email=employee["user"],
					first_name=employee["first_name"],
					middle_name=employee.get("middle_name") or "",
					last_name=employee["last_name"],
					job=employee["job"],
					branch=self.branch_by_code.get(employee.get("branch_code")),
					gender=employee["gender"],
					date_of_birth=employee.get("birth_date"),
					date_of_joining=employee.get("date_of_joining"),
					designation=employee.get("designation"),
					qualified_rx=bool(employee.get("qualified_rx")),
					phone=employee.get("phone") or "",
					employee_number=employee["employee_id"],
				),
				self.company,
				DEMO_PASSWORD,
			)

	def load_shift_types(self):
		for shift in self.plan.shift_types:
			if frappe.db.exists("Shift Type", shift["name"]):
				continue
			frappe.get_doc(
				{
					"doctype": "Shift Type",
					"name": shift["name"],
					"start_time": shift["start"],
					"end_time": shift["end"],
				}
			).insert(ignore_permissions=True, set_name=shift["name"])

	def load_opening_stock(self):
		"""One Material Receipt per branch and chunk, dated before the recent sales window."""
		posting_date = add_days(self.anchor, -(self.recent_days() + 30))
		rows_by_branch = defaultdict(list)
		for row in self.plan.opening_stock:
			rows_by_branch[row["branch_code"]].append(row)
		for code, rows in sorted(rows_by_branch.items()):
			branch = self.branch_by_code[code]
			warehouse, cost_center = frappe.db.get_value(
				"Branch", branch, ["pharm_warehouse", "pharm_cost_center"]
			)
			for chunk_no, start in enumerate(range(0, len(rows), 200)):
				remark = f"Demo opening stock {code} #{chunk_no}"
				if frappe.db.exists("Stock Entry", {"remarks": remark, "docstatus": 1}):
					continue
				entry = frappe.get_doc(
					{
						"doctype": "Stock Entry",
						"stock_entry_type": "Material Receipt",
						"company": self.company,
						"posting_date": posting_date,
						"posting_time": "07:00:00",
						"set_posting_time": 1,
						"to_warehouse": warehouse,
						"remarks": remark,
						"items": [
							{
								"item_code": r["item_code"],
								"qty": r["qty"],
								"t_warehouse": warehouse,
								"basic_rate": r["rate"],
								"cost_center": cost_center,
								"use_serial_batch_fields": 1 if r.get("batch_id") else 0,
								"batch_no": r.get("batch_id"),
							}
							for r in rows[start : start + 200]
						],
					}
				)
				entry.insert(ignore_permissions=True)
				entry.submit()
				frappe.db.commit()

	def load_pos_profiles(self):
		cash = ensure_mode_of_payment_account(self.company, "Наличные")
		card = ensure_mode_of_payment_account(self.company, "Кредитная карта")
		write_off = frappe.db.get_value("Company", self.company, "write_off_account") or frappe.db.get_value(
			"Account", {"company": self.company, "account_type": "Round Off"}, "name"
		)
		for branch in self.branch_by_code.values():
			kind, warehouse, cost_center = frappe.db.get_value(
				"Branch", branch, ["pharm_branch_type", "pharm_warehouse", "pharm_cost_center"]
			)
			if kind != "Pharmacy" or frappe.db.exists("POS Profile", branch):
				continue
			frappe.get_doc(
				{
					"doctype": "POS Profile",
					"name": branch,
					"company": self.company,
					"warehouse": warehouse,
					"cost_center": cost_center,
					"customer": WALK_IN_CUSTOMER,
					"currency": "RUB",
					"selling_price_list": selling_price_list(),
					"write_off_account": write_off,
					"write_off_cost_center": cost_center,
					"update_stock": 1,
					# Retail prices include VAT; each line's rate (22 % or 10 %) comes from its Item Tax Template.
					"taxes_and_charges": sales_vat_template(self.company),
					"payments": [{"mode_of_payment": cash, "default": 1}, {"mode_of_payment": card}],
				}
			).insert(ignore_permissions=True, set_name=branch)

	def load_invoices(self):
		self.customer_by_id = self.customer_by_id or customer_map()
		cash = "Наличные"
		for n, invoice in enumerate(
			sorted(self.plan.invoices, key=lambda i: (i["posting_date"], i["invoice_id"]))
		):
			if frappe.db.exists("Sales Invoice", {"remarks": invoice["invoice_id"], "docstatus": 1}):
				continue
			branch = self.branch_by_code[invoice["branch_code"]]
			warehouse, cost_center = frappe.db.get_value(
				"Branch", branch, ["pharm_warehouse", "pharm_cost_center"]
			)
			customer = self.customer_by_id.get(invoice.get("customer_id")) or WALK_IN_CUSTOMER
			prescription = ensure_demo_prescription(invoice, customer)
			doc = frappe.get_doc(
				{
					"doctype": "Sales Invoice",
					"company": self.company,
					"customer": customer,
					"posting_date": invoice["posting_date"],
					"posting_time": f"{10 + n % 10:02d}:{(n * 7) % 60:02d}:00",
					"set_posting_time": 1,
					"due_date": invoice["posting_date"],
					"is_pos": 1,
					"pos_profile": branch,
					"update_stock": 1,
					"set_warehouse": warehouse,
					"cost_center": cost_center,
					"remarks": invoice["invoice_id"],
					"items": [
						{
							"item_code": line["item_code"],
							"qty": line["qty"],
							"rate": line["rate"],
							"warehouse": warehouse,
							"cost_center": cost_center,
							"use_serial_batch_fields": 1 if line.get("batch_id") else 0,
							"batch_no": line.get("batch_id"),
							"pharm_prescription": prescription if line.get("rx") else None,
						}
						for line in invoice["lines"]
					],
				}
			)
			doc.set_missing_values()
			doc.payments = []
			doc.append("payments", {"mode_of_payment": cash, "amount": 0})
			doc.calculate_taxes_and_totals()
			doc.payments[0].amount = doc.rounded_total or doc.grand_total
			doc.calculate_taxes_and_totals()
			doc.insert(ignore_permissions=True)
			doc.submit()
			commit_every(n, 20)

	def load_history(self):
		"""Bulk-load the legacy receipt lines: they are history for analytics, not ledger postings."""
		if frappe.db.count("Legacy Sales Line", {"source": "demo"}):
			return
		self.customer_by_id = self.customer_by_id or customer_map()
		stamp, owner = now(), "Administrator"
		lines = self.plan.history
		first_id = reserve_ids("Legacy Sales Line", len(lines))
		fields = [
			"name",
			"receipt_no",
			"posting_date",
			"branch",
			"customer",
			"item_code",
			"qty",
			"amount",
			"source",
			"creation",
			"modified",
			"owner",
			"modified_by",
		]
		values = (
			(
				first_id + n,
				line.receipt_no,
				line.date,
				self.branch_by_code[line.branch_code],
				self.customer_by_id.get(line.customer_id) if line.customer_id else None,
				line.item_code,
				line.qty,
				line.amount,
				"demo",
				stamp,
				stamp,
				owner,
				owner,
			)
			for n, line in enumerate(lines)
		)
		frappe.db.bulk_insert("Legacy Sales Line", fields, values, chunk_size=5000)

	# ------------------------------------------------------------ helpers

	def recent_days(self) -> int:
		dates = {i["posting_date"] for i in self.plan.invoices}
		return (max(dates) - min(dates)).days + 1 if dates else 0


PRESCRIBERS = (
	("Иванова Е. П.", "ГП № 12 ДЗМ"),
	("Петров А. С.", "ГП № 62 ДЗМ"),
	("Сидорова Н. В.", "Химкинская ЦКБ"),
	("Козлов Д. И.", "Мытищинская ГКБ"),
)


def ensure_demo_prescription(invoice: dict, customer: str) -> str | None:
	"""The paper prescription the buyer of a prescription-only line brought (107-1/у, issued days before)."""
	rx_lines = [line for line in invoice["lines"] if line.get("rx")]
	if not rx_lines:
		return None
	number = invoice["invoice_id"].removeprefix("SI-DEMO-")
	existing = frappe.db.get_value("Prescription", {"series": "ДЕМО", "number": number, "docstatus": 1})
	if existing:
		return existing
	prescriber, clinic = PRESCRIBERS[int(number) % len(PRESCRIBERS)]
	doc = frappe.get_doc(
		{
			"doctype": "Prescription",
			"customer": customer,
			"form": "107-1/у",
			"series": "ДЕМО",
			"number": number,
			"issue_date": add_days(invoice["posting_date"], -(int(number) % 5)),
			"prescriber": prescriber,
			"clinic": clinic,
			"items": [{"item_code": line["item_code"], "qty_prescribed": line["qty"]} for line in rx_lines],
		}
	)
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc.name


def reserve_ids(doctype: str, count: int) -> int:
	"""Claim a block of ids of an autoincrement doctype before a bulk insert; returns the first."""
	from frappe.database.sequence import get_next_val, set_next_val

	first = get_next_val(doctype)
	set_next_val(doctype, first + count)
	return first


def commit_every(n: int, every: int = 200):
	if n and n % every == 0:
		frappe.db.commit()


def load_state() -> dict:
	raw = frappe.db.get_default(STATE_KEY)
	return json.loads(raw) if raw else {}


def save_state(state: dict):
	frappe.db.set_default(STATE_KEY, json.dumps(state))


def customer_map() -> dict[str, str]:
	return dict(
		frappe.get_all(
			"Customer",
			filters={"pharm_legacy_id": ["is", "set"]},
			fields=["pharm_legacy_id", "name"],
			as_list=True,
		)
	)


def ensure_walk_in_customer():
	if frappe.db.exists("Customer", WALK_IN_CUSTOMER):
		return
	frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": WALK_IN_CUSTOMER,
			"customer_type": "Individual",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
		}
	).insert(ignore_permissions=True)


def selling_price_list() -> str:
	return frappe.db.get_single_value("Selling Settings", "selling_price_list") or frappe.db.get_value(
		"Price List", {"selling": 1}, "name"
	)


def ensure_mode_of_payment_account(company: str, mode: str) -> str:
	"""POS needs a ledger account per mode of payment; the chain's cash desk account by default."""
	if not frappe.db.exists("Mode of Payment", mode):
		frappe.get_doc({"doctype": "Mode of Payment", "mode_of_payment": mode, "type": "Cash"}).insert(
			ignore_permissions=True
		)
	doc = frappe.get_doc("Mode of Payment", mode)
	if not any(a.company == company for a in doc.accounts):
		account = frappe.db.get_value("Company", company, "default_cash_account") or frappe.db.get_value(
			"Account", {"company": company, "account_type": "Cash", "is_group": 0}, "name"
		)
		doc.append("accounts", {"company": company, "default_account": account})
		doc.save(ignore_permissions=True)
	return mode


def load_demo(scale: float = 1, seed: int = 42, anchor: str | None = None):
	"""Generate and load the demo data set; `anchor` (default: the day of the first load) ends the history."""
	ensure_company_setup()
	# A re-run on a later day rebuilds the same plan the first run loaded.
	anchor = getdate(anchor or load_state().get("anchor") or today())
	plan = build_plan(seed=int(seed), scale=float(scale), anchor=anchor)
	frappe.flags.mute_emails = True
	DemoLoader(plan, int(seed), float(scale), anchor).run()
	frappe.db.commit()


OPEN_CONVERSATION = ("New", "In Progress")


def print_summary():
	counts = {
		"Branches": frappe.db.count("Branch"),
		"Items": frappe.db.count("Item"),
		"Batches": frappe.db.count("Batch"),
		"Customers": frappe.db.count("Customer"),
		"Employees": frappe.db.count("Employee"),
		"Submitted Sales Invoices": frappe.db.count("Sales Invoice", {"docstatus": 1}),
		"Legacy sales lines": frappe.db.count("Legacy Sales Line"),
		"Open prescriptions": frappe.db.count(
			"Prescription", {"docstatus": 1, "status": ["in", ("Active", "Partly Dispensed")]}
		),
		"Incomplete item cards": frappe.db.count("Item", {"disabled": 0, "pharm_completeness": ["<", 100]}),
		"Items at 10 % / 22 % VAT": "{} / {}".format(
			frappe.db.count("Item", {"pharm_vat_rate": 10}), frappe.db.count("Item", {"pharm_vat_rate": 22})
		),
		"Duplicates open / merged": "{} / {}".format(
			frappe.db.count("Item Duplicate Candidate", {"status": "Open"}),
			frappe.db.count("Item Duplicate Candidate", {"status": "Merged"}),
		),
		"Conversations (unanswered, escalated)": "{} ({}, {})".format(
			frappe.db.count("Conversation"),
			frappe.db.count(
				"Conversation", {"waiting_since": ["is", "set"], "status": ["in", OPEN_CONVERSATION]}
			),
			frappe.db.count("Conversation", {"escalated": 1, "status": ["in", OPEN_CONVERSATION]}),
		),
		"Shift assignments": frappe.db.count("Shift Assignment", {"docstatus": 1}),
		"Shift swap requests": frappe.db.count("Shift Swap Request"),
	}
	print("\nDemo data:")
	for label, count in counts.items():
		print(f"  {label:<38} {count:>10}")
	print(f"\nDemo logins (password '{DEMO_PASSWORD}'), one per job:")
	shown = set()
	for employee in frappe.get_all(
		"Employee",
		filters={"user_id": ["is", "set"], "status": "Active", "employee_number": ["is", "set"]},
		fields=["user_id", "designation", "branch"],
		order_by="employee_number asc",
	):
		if employee.designation in shown:
			continue
		shown.add(employee.designation)
		print(f"  {employee.user_id:<40} {employee.designation or '':<26} {employee.branch or ''}")


def plan_totals_in_db() -> dict:
	"""Figures the determinism test compares with the plan's own summary."""
	return {
		"items": frappe.db.count("Item", {"item_code": ["like", "PH-%"]}),
		"customers": frappe.db.count("Customer", {"pharm_legacy_id": ["is", "set"]}),
		"invoices": frappe.db.count("Sales Invoice", {"docstatus": 1, "remarks": ["like", "SI-DEMO-%"]}),
		"invoice_amount": flt(
			frappe.db.sql(
				# Retail prices include VAT: the customer paid the grand total.
				"""select sum(grand_total) from `tabSales Invoice`
				where docstatus = 1 and remarks like 'SI-DEMO-%%'"""
			)[0][0],
			2,
		),
		"history_lines": frappe.db.count("Legacy Sales Line", {"source": "demo"}),
	}
