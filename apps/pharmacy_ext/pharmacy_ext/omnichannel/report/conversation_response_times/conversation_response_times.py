"""First-response KPI of the contact centre: per channel or operator, how many conversations came in, how
fast the first answer came (average and 90th percentile), how many were escalated and how many still wait."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

GROUPS = {"Channel": "channel", "Operator": "assignee"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	group_field = GROUPS.get(filters.group_by or "Channel", "channel")
	rows = frappe.get_list(
		"Conversation",
		filters={
			"first_inbound_at": [
				"between",
				[
					getdate(filters.from_date or add_days(today(), -7)),
					add_days(getdate(filters.to_date or today()), 1),
				],
			]
		},
		fields=[group_field + " as grp", "first_response_minutes", "escalated", "waiting_since", "status"],
		limit_page_length=0,
	)
	data = summarise(rows)
	return columns(filters.group_by or "Channel"), data, None, chart(data)


def summarise(rows) -> list[dict]:
	groups: dict[str, list] = {}
	for row in rows:
		groups.setdefault(row.grp or _("Unassigned"), []).append(row)
	data = []
	for group, items in sorted(groups.items()):
		times = sorted(r.first_response_minutes for r in items if r.first_response_minutes is not None)
		data.append(
			{
				"group": group,
				"conversations": len(items),
				"answered": len(times),
				"avg_first_response": round(sum(times) / len(times), 1) if times else None,
				"p90_first_response": times[min(len(times) - 1, int(len(times) * 0.9))] if times else None,
				"escalated": sum(1 for r in items if r.escalated),
				"waiting": sum(1 for r in items if r.waiting_since and r.status in ("New", "In Progress")),
			}
		)
	return data


def columns(group_by: str) -> list[dict]:
	return [
		{"fieldname": "group", "label": _(group_by), "fieldtype": "Data", "width": 220},
		{"fieldname": "conversations", "label": _("Conversations"), "fieldtype": "Int", "width": 120},
		{"fieldname": "answered", "label": _("Answered"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "avg_first_response",
			"label": _("Average First Response (Minutes)"),
			"fieldtype": "Float",
			"width": 200,
		},
		{
			"fieldname": "p90_first_response",
			"label": _("90% Answered Within (Minutes)"),
			"fieldtype": "Float",
			"width": 200,
		},
		{"fieldname": "escalated", "label": _("Escalated"), "fieldtype": "Int", "width": 110},
		{"fieldname": "waiting", "label": _("Waiting Now"), "fieldtype": "Int", "width": 110},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["group"] for row in data],
			"datasets": [
				{
					"name": _("Average First Response (Minutes)"),
					"values": [row["avg_first_response"] or 0 for row in data],
				}
			],
		},
		"type": "bar",
	}
