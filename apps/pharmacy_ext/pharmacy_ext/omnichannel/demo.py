"""Demo step "omnichannel": a week of conversations across the channels, deterministic from the seed and
proportional to the scale (about 20 a day at scale 1): most answered and resolved, the last hours'
ones still waiting, a few escalated; known customers and new leads; a handful of quick replies."""

import random
from datetime import datetime, time, timedelta

import frappe
from frappe.desk.form import assign_to
from frappe.utils import now_datetime

from pharmacy_ext.omnichannel.identity import e164, ensure_lead_source
from pharmacy_ext.omnichannel.routing import operator_users

CHANNELS = {"Telegram": 30, "WhatsApp": 30, "VK": 10, "Email": 10, "Website": 15, "App": 5}
QUESTIONS = (
	"Здравствуйте! Есть ли в наличии Нурофен 200 мг?",
	"Можно отложить Кагоцел до вечера?",
	"Сколько стоит тонометр Omron M2?",
	"В какой аптеке есть Эутирокс 50?",
	"Добрый день, нужен ингалятор Сальбутамол, есть по рецепту?",
	"Подскажите аналог Мезима подешевле",
	"Когда привезут Амоксиклав 875?",
	"Работает ли аптека на Ленина круглосуточно?",
	"Хочу оформить доставку витаминов",
	"Не пришёл заказ, номер 1245",
)
ANSWERS = (
	"Здравствуйте! Да, есть, можем отложить на сутки.",
	"Добрый день! Есть в двух аптеках, подскажу адреса.",
	"Отложили, заказ можно забрать до 21:00.",
	"Аналог с тем же МНН дешевле на 30 %, есть в наличии.",
	"Проверили: заказ передан курьеру, будет сегодня.",
)
QUICK_REPLIES = {
	"Приветствие": "Здравствуйте! Это аптечная сеть «Здоровье», чем могу помочь?",
	"Отложить товар": "Мы отложим товар на 24 часа. Назовите, пожалуйста, удобную аптеку.",
	"Рецептурный препарат": "Этот препарат отпускается по рецепту: возьмите рецепт с собой в аптеку.",
	"Аналог": "Есть аналог с тем же действующим веществом (МНН), он дешевле. Подобрать?",
	"Прощание": "Спасибо за обращение! Хорошего дня и будьте здоровы.",
}
NAMES = (
	"Анна",
	"Сергей",
	"Ольга",
	"Дмитрий",
	"Наталья",
	"Алексей",
	"Екатерина",
	"Игорь",
	"Татьяна",
	"Михаил",
)


def load(loader):
	ensure_quick_replies()
	for channel in CHANNELS:
		ensure_lead_source(channel)
	if frappe.db.exists("Conversation", {"external_chat_id": ["like", "demo-%"]}):
		return
	rng = random.Random(f"{loader.seed}:omnichannel")
	operators = operator_users() or ["Administrator"]
	customers = frappe.get_all(
		"Customer",
		filters={"mobile_no": ["is", "set"]},
		fields=["name", "customer_name", "mobile_no", "email_id"],
		order_by="name",
		limit=500,
	)
	end = min(now_datetime(), datetime.combine(loader.anchor, time(20, 0)))
	total = max(6, round(140 * loader.scale))
	for n in range(total):
		day = 6 - n * 7 // total  # oldest first, the last ones on the anchor day
		started = datetime.combine(end.date() - timedelta(days=day), time(8, 0)) + timedelta(
			minutes=rng.randrange(0, 14 * 60)
		)
		waiting = n >= total - max(2, total // 8)  # the newest ones are still waiting for an answer
		if waiting or started > end:
			started = end - timedelta(minutes=rng.randrange(5, 240))
		channel = rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0]
		customer = rng.choice(customers) if customers and rng.random() < 0.45 else None
		make_conversation(n, rng, channel, customer, started, waiting, rng.choice(operators))
	frappe.db.commit()


def make_conversation(n, rng, channel, customer, started, waiting, operator):
	phone = e164(customer.mobile_no) if customer else f"+7916{rng.randrange(10**7):07d}"
	name = customer.customer_name if customer else rng.choice(NAMES)
	lead = None
	if not customer:
		lead_doc = frappe.get_doc(
			{
				"doctype": "Lead",
				"first_name": name,
				"source": channel,
				"mobile_no": phone if channel != "Email" else None,
				"email_id": f"demo{n}@example.com" if channel == "Email" else None,
				"company": frappe.defaults.get_global_default("company"),
			}
		)
		lead_doc.flags.ignore_mandatory = True
		lead = lead_doc.insert(ignore_permissions=True).name
	answered_at = started + timedelta(minutes=rng.randrange(2, 40))
	escalated = waiting and rng.random() < 0.5
	conversation = frappe.get_doc(
		{
			"doctype": "Conversation",
			"channel": channel,
			"status": "New" if waiting else rng.choice(("Resolved", "Resolved", "Waiting for Customer")),
			"external_chat_id": f"demo-{n}",
			"contact_display": name,
			"phone": phone if channel in ("WhatsApp", "Telegram") else None,
			"email": f"demo{n}@example.com" if channel == "Email" else None,
			"customer": customer.name if customer else None,
			"lead": lead,
			"assignee": operator,
			"first_inbound_at": started,
			"last_inbound_at": started,
			"waiting_since": started if waiting else None,
			"first_response_at": None if waiting else answered_at,
			"first_response_minutes": None if waiting else round((answered_at - started).seconds / 60, 1),
			"escalated": 1 if escalated else 0,
			"escalation_count": rng.randrange(1, 3) if escalated else 0,
			"last_escalated_at": started + timedelta(minutes=15) if escalated else None,
		}
	).insert(ignore_permissions=True)
	if conversation.status == "Resolved":
		conversation.db_set(
			{"resolved_at": answered_at, "resolution_minutes": round((answered_at - started).seconds / 60, 1)}
		)
	add_message(conversation, "Incoming", rng.choice(QUESTIONS), started)
	if not waiting:
		add_message(conversation, "Outgoing", rng.choice(ANSWERS), answered_at, operator)
	else:
		assign_to.add(
			{
				"assign_to": [operator],
				"doctype": "Conversation",
				"name": conversation.name,
				"description": name,
			},
			ignore_permissions=True,
		)
	frappe.db.set_value(
		"Conversation",
		conversation.name,
		{"creation": started, "modified": answered_at},
		update_modified=False,
	)


def add_message(conversation, direction, text, at, user=None):
	message = frappe.get_doc(
		{
			"doctype": "Conversation Message",
			"conversation": conversation.name,
			"channel": conversation.channel,
			"direction": direction,
			"status": "Received" if direction == "Incoming" else "Delivered",
			"text": text,
			"sent_by": user,
			"sent_at": at if direction == "Outgoing" else None,
			"dedupe_key": f"demo:{conversation.external_chat_id}:{direction}",
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value(
		"Conversation Message", message.name, {"creation": at, "modified": at}, update_modified=False
	)


def ensure_quick_replies():
	for title, text in QUICK_REPLIES.items():
		if not frappe.db.exists("Quick Reply", title):
			frappe.get_doc({"doctype": "Quick Reply", "title": title, "text": text}).insert(
				ignore_permissions=True
			)
