"""Inbound pipeline: store the raw delivery first, then turn it into a conversation message.

A webhook only calls `store_inbound` (one insert, unique on the channel's delivery id, commit) and enqueues
`process_log`; the scheduler's `process_pending` sweeps whatever is still Queued (worker or Redis down) or
Failed with attempts left, so nothing received is lost. A repeated delivery hits the unique key and is dropped.
"""

import json

import frappe
from frappe.utils import cint, now_datetime

from pharmacy_ext.omnichannel.channels import channel_module

LOG = "Omnichannel Inbound Log"


def store_inbound(
	channel: str, payload: dict, dedupe_key: str | None, remote_addr: str | None = None, commit: bool = True
) -> str | None:
	"""Store a delivery as Queued; None when this delivery id was stored before (a channel's retry)."""
	if dedupe_key and frappe.db.exists(LOG, {"dedupe_key": dedupe_key}):
		return None
	log = _new_log(channel, payload, "Queued", remote_addr, dedupe_key=dedupe_key)
	try:
		log.db_insert()
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		# A concurrent copy of the same delivery won the race on the unique key.
		frappe.local.message_log = []  # frappe's "must be unique" note is not for the channel
		return None

	def enqueue():
		frappe.enqueue("pharmacy_ext.omnichannel.ingest.process_log", queue="short", log_name=log.name)

	if not commit:
		frappe.db.after_commit.add(enqueue)
		return log.name
	frappe.db.commit()
	request = getattr(frappe.local, "request", None)
	if request is not None and hasattr(request, "after_response"):
		request.after_response.add(enqueue)  # after the answer is sent: the channel waits less
	else:
		enqueue()
	return log.name


def store_rejected(channel: str, payload, reason: str, remote_addr: str | None = None):
	"""A forged or unsigned request: kept for review, never processed."""
	log = _new_log(channel, payload, "Rejected", remote_addr, error=reason)
	log.db_insert()
	frappe.db.commit()


# Kept for tracing a delivery; secret-bearing headers (the Telegram secret token) are never stored.
TRACE_HEADERS = ("User-Agent", "Content-Type", "X-Forwarded-For", "I-Twilio-Idempotency-Token", "X-Client-Id")


def _request_headers() -> str | None:
	request = getattr(frappe.local, "request", None)
	if request is None:
		return None
	headers = {name: request.headers.get(name) for name in TRACE_HEADERS if request.headers.get(name)}
	return json.dumps(headers) if headers else None


def _new_log(channel, payload, status, remote_addr, dedupe_key=None, error=None):
	log = frappe.new_doc(LOG)
	log.update(
		{
			"channel": channel,
			"status": status,
			"dedupe_key": dedupe_key,
			"remote_addr": remote_addr,
			"headers": _request_headers(),
			"payload": payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False),
			"error": error,
		}
	)
	log.set_new_name()
	log.owner = log.modified_by = "Guest"
	log.creation = log.modified = now_datetime()
	return log


def process_log(log_name: str):
	"""Turn one stored delivery into a conversation message (idempotent: a processed log is skipped)."""
	log = frappe.db.get_value(
		LOG, log_name, ["name", "channel", "status", "payload", "attempts"], as_dict=True, for_update=True
	)
	if not log or log.status not in ("Queued", "Failed"):
		frappe.db.rollback()
		return
	from pharmacy_ext.omnichannel.conversations import receive

	try:
		module = channel_module(log.channel)
		payload = json.loads(log.payload)
		message = module.parse(payload)
		conversation = receive(message) if message else None
		if conversation and hasattr(module, "after_receive"):
			module.after_receive(payload, conversation)
	except Exception:
		frappe.db.rollback()
		frappe.db.set_value(
			LOG,
			log_name,
			{"status": "Failed", "attempts": cint(log.attempts) + 1, "error": frappe.get_traceback()},
			update_modified=False,
		)
		frappe.db.commit()
		return
	frappe.db.set_value(
		LOG,
		log_name,
		{
			"status": "Processed" if conversation else "Ignored",
			"attempts": cint(log.attempts) + 1,
			"error": None,
			"conversation": conversation,
		},
		update_modified=False,
	)
	frappe.db.commit()


def process_pending(limit: int = 500):
	"""Scheduler: everything still Queued, and Failed deliveries with attempts left, oldest first."""
	max_attempts = cint(frappe.db.get_single_value("Omnichannel Settings", "max_processing_attempts")) or 5
	log = frappe.qb.DocType(LOG)
	names = (
		frappe.qb.from_(log)
		.select(log.name)
		.where((log.status == "Queued") | ((log.status == "Failed") & (log.attempts < max_attempts)))
		.orderby(log.creation)
		.limit(limit)
	).run(pluck=True)
	for name in names:
		process_log(name)
	return len(names)


@frappe.whitelist()
def retry(log_name: str):
	"""The log's Retry button: process a Failed delivery again now."""
	frappe.only_for(("System Manager", "Contact Centre Operator"))
	frappe.db.set_value(LOG, log_name, "status", "Queued", update_modified=False)
	process_log(log_name)
	return frappe.db.get_value(LOG, log_name, "status")
