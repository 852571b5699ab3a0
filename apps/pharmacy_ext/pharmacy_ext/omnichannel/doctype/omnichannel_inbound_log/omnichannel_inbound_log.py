import frappe
from frappe.model.document import Document
from frappe.query_builder import Interval
from frappe.query_builder.functions import Now


class OmnichannelInboundLog(Document):
	@staticmethod
	def clear_old_logs(days: int = 90):
		"""Log Settings retention: settled deliveries only; Queued and Failed stay until dealt with."""
		log = frappe.qb.DocType("Omnichannel Inbound Log")
		frappe.db.delete(
			log,
			filters=(log.modified < (Now() - Interval(days=days)))
			& log.status.isin(("Processed", "Ignored", "Rejected")),
		)
