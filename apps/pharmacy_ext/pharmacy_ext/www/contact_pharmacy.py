"""The site's contact form: questions land in the omnichannel inbox (channel Website), answered by e-mail."""

import frappe

no_cache = 1


def get_context(context):
	context.title = frappe._("Ask the pharmacy")
