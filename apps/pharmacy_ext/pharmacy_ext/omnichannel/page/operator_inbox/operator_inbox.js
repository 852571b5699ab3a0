// Operator Inbox: every channel's open conversations, unanswered first with the time waiting; the thread with
// the customer's history; a reply box that sends on the customer's channel, quick replies, stock per pharmacy.
const API = "pharmacy_ext.omnichannel.inbox.";

frappe.pages["operator-inbox"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Operator Inbox"), single_column: true });
	wrapper.inbox = new OperatorInbox(page);
};

frappe.pages["operator-inbox"].on_page_show = function (wrapper) {
	wrapper.inbox && wrapper.inbox.refresh();
};

class OperatorInbox {
	constructor(page) {
		this.page = page;
		this.current = null;
		this.scope = page.add_select(__("Show"), [
			{ value: "all", label: __("All open") },
			{ value: "mine", label: __("Mine") },
			{ value: "unassigned", label: __("Unassigned") },
		]);
		this.scope.on("change", () => this.refresh());
		page.set_primary_action(__("Refresh"), () => this.refresh(), "refresh");
		this.$body = $(`<div class="row omni-inbox">
			<div class="col-md-3 omni-list" style="max-height:75vh;overflow:auto"></div>
			<div class="col-md-6 omni-thread"></div>
			<div class="col-md-3 omni-side"></div>
		</div>`).appendTo(page.main);
		this.$list = this.$body.find(".omni-list");
		this.$thread = this.$body.find(".omni-thread");
		this.$side = this.$body.find(".omni-side");
		frappe.realtime.on("omnichannel_update", () => this.refresh());
		setInterval(() => this.refresh(), 30000);
		this.refresh();
	}

	refresh() {
		frappe.call(API + "get_inbox", { scope: this.scope.val() }).then((r) => {
			this.render_list(r.message || []);
			if (this.current) this.open(this.current);
		});
	}

	render_list(rows) {
		if (!rows.length) {
			this.$list.html(`<p class="text-muted">${__("No open conversations")}</p>`);
			return;
		}
		this.$list.html(
			rows
				.map((row) => {
					const waiting =
						row.waiting_minutes !== null
							? `<span class="indicator-pill ${row.waiting_minutes >= 15 ? "red" : "orange"}">${__("waiting {0} min", [row.waiting_minutes])}</span>`
							: `<span class="indicator-pill green">${__(row.status)}</span>`;
					return `<div class="omni-row border-bottom p-2" data-name="${row.name}" style="cursor:pointer">
						<div><b>${frappe.utils.escape_html(row.contact_display || row.name)}</b>
						<span class="text-muted small">${__(row.channel)}</span>
						${row.escalated ? `<span class="indicator-pill red">${__("Escalated")}</span>` : ""}</div>
						<div class="small text-muted">${frappe.utils.escape_html(row.preview)}</div>
						<div>${waiting} <span class="small">${row.assignee ? frappe.utils.escape_html(row.assignee_name || row.assignee) : __("Unassigned")}</span></div>
					</div>`;
				})
				.join("")
		);
		this.$list.find(".omni-row").on("click", (e) => this.open($(e.currentTarget).data("name")));
	}

	open(name) {
		this.current = name;
		frappe.call(API + "get_conversation", { name }).then((r) => this.render_thread(r.message));
	}

	render_thread({ conversation: c, messages, history }) {
		const bubbles = messages
			.map((m) => {
				const out = m.direction === "Outgoing";
				const resend = m.status === "Failed" ? ` <a class="omni-resend" data-name="${m.name}">${__("Send again")}</a>` : "";
				const status = out
					? `<span class="small ${m.status === "Failed" ? "text-danger" : "text-muted"}">${__(m.status)}${m.error ? ": " + frappe.utils.escape_html(m.error) : ""}${resend}</span>`
					: "";
				return `<div class="p-2 my-1 rounded" style="max-width:80%;${out ? "margin-left:auto;background:var(--blue-50)" : "background:var(--gray-100)"}">
					<div style="white-space:pre-wrap">${frappe.utils.escape_html(m.text || "")}</div>
					<div class="small text-muted">${frappe.datetime.str_to_user(m.creation)} ${status}</div>
				</div>`;
			})
			.join("");
		this.$thread.html(`
			<div class="d-flex justify-content-between align-items-center mb-2">
				<h5 class="m-0">${frappe.utils.escape_html(c.contact_display || c.name)} · ${__(c.channel)}</h5>
				<a href="/app/conversation/${c.name}">${c.name}</a>
			</div>
			<div class="omni-messages" style="max-height:45vh;overflow:auto">${bubbles}</div>
			<div class="omni-quick my-2"></div>
			<textarea class="form-control omni-reply" rows="3" placeholder="${__("Reply on {0}", [__(c.channel)])}"></textarea>
			<div class="mt-2 d-flex flex-wrap" style="gap:6px">
				<button class="btn btn-primary btn-sm omni-send">${__("Send")}</button>
				<button class="btn btn-default btn-sm omni-resolve">${__("Resolved")}</button>
				<button class="btn btn-default btn-sm omni-spam">${__("Spam")}</button>
				<button class="btn btn-default btn-sm omni-opportunity">${__("Create Opportunity")}</button>
				<button class="btn btn-default btn-sm omni-order">${__("Create Sales Order")}</button>
			</div>`);
		const $messages = this.$thread.find(".omni-messages");
		$messages.scrollTop($messages.prop("scrollHeight"));
		this.$reply = this.$thread.find(".omni-reply");
		this.$thread.find(".omni-resend").on("click", (e) =>
			frappe.call(API + "resend", { message: $(e.currentTarget).data("name") }).then(() => this.open(c.name))
		);
		this.$thread.find(".omni-send").on("click", () => this.send(c.name));
		this.$thread.find(".omni-resolve").on("click", () => this.set_status(c.name, "Resolved"));
		this.$thread.find(".omni-spam").on("click", () => this.set_status(c.name, "Spam"));
		this.$thread.find(".omni-opportunity").on("click", () =>
			frappe.call(API + "create_opportunity", { name: c.name }).then((r) => frappe.set_route("Form", "Opportunity", r.message))
		);
		this.$thread.find(".omni-order").on("click", () =>
			frappe.call(API + "customer_for_order", { name: c.name }).then((r) => frappe.new_doc("Sales Order", { customer: r.message }))
		);
		this.render_quick_replies();
		this.render_side(c, history);
	}

	render_quick_replies() {
		frappe.call(API + "quick_replies").then((r) => {
			const $quick = this.$thread.find(".omni-quick").empty();
			(r.message || []).forEach((q) => {
				$(`<button class="btn btn-xs btn-default mr-1 mb-1"></button>`)
					.text(q.title)
					.on("click", () => this.insert(q.text))
					.appendTo($quick);
			});
		});
	}

	render_side(c, history) {
		const list = (rows, fmt) => (rows.length ? rows.map(fmt).join("") : `<div class="text-muted small">${__("None")}</div>`);
		const party = c.customer
			? `<a href="/app/customer/${c.customer}">${__("Customer")}: ${c.customer}</a>`
			: c.lead
			? `<a href="/app/lead/${c.lead}">${__("Lead")}: ${c.lead}</a>`
			: "";
		this.$side.html(`
			<div class="mb-2">${party}</div>
			<h6>${__("Stock in pharmacies")}</h6>
			<input class="form-control input-sm omni-stock-query" placeholder="${__("Item name or code")}">
			<div class="omni-stock my-2"></div>
			<h6>${__("Purchases")}</h6>
			${list(history.invoices, (i) => `<div class="small"><a href="/app/sales-invoice/${i.name}">${i.name}</a> ${frappe.datetime.str_to_user(i.posting_date)} · ${format_currency(i.grand_total)}</div>`)}
			<h6 class="mt-2">${__("Prescriptions")}</h6>
			${list(history.prescriptions, (p) => `<div class="small"><a href="/app/prescription/${p.name}">${p.name}</a> ${__("valid until")} ${frappe.datetime.str_to_user(p.valid_until)}</div>`)}
			<h6 class="mt-2">${__("Earlier conversations")}</h6>
			${list(history.conversations, (h) => `<div class="small"><a href="/app/conversation/${h.name}">${h.name}</a> ${__(h.channel)} · ${__(h.status)}</div>`)}`);
		const $query = this.$side.find(".omni-stock-query");
		$query.on("change", () => this.lookup_stock($query.val()));
	}

	lookup_stock(query) {
		frappe.call(API + "item_availability", { query }).then((r) => {
			const $stock = this.$side.find(".omni-stock").empty();
			(r.message || []).forEach((item) => {
				const where = item.stock.map((s) => `${s.branch}: ${s.qty} ${item.stock_uom}`).join("; ") || __("out of stock");
				const text = `${item.item_name} — ${where}`;
				$(`<div class="small border-bottom py-1" style="cursor:pointer" title="${__("Insert into the reply")}"></div>`)
					.text(text)
					.on("click", () => this.insert(text))
					.appendTo($stock);
			});
		});
	}

	insert(text) {
		const current = this.$reply.val();
		this.$reply.val(current ? `${current}\n${text}` : text).focus();
	}

	send(name) {
		const text = this.$reply.val().trim();
		if (!text) return;
		frappe.call({ method: API + "send_reply", args: { name, text }, freeze: true }).then(() => {
			this.$reply.val("");
			this.refresh();
		});
	}

	set_status(name, status) {
		frappe.call(API + "set_status", { name, status }).then(() => {
			this.current = null;
			this.$thread.empty();
			this.$side.empty();
			this.refresh();
		});
	}
}
