// Item Finder: one box for a barcode scan, a trade name, an INN or a misspelt name; the result shows price and
// stock here and elsewhere, and a click opens the item's facts and its analogues (substitutes first).
frappe.pages["item-finder"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Item Finder"),
		single_column: true,
	});
	new ItemFinder(page);
};

class ItemFinder {
	constructor(page) {
		this.page = page;
		this.branch = frappe.defaults.get_user_default("Branch");
		this.query = page.add_field({
			fieldname: "query",
			label: __("Name, INN or barcode"),
			fieldtype: "Data",
			options: "Barcode",
			change: () => this.search(),
		});
		this.branch_field = page.add_field({
			fieldname: "branch",
			label: __("Pharmacy"),
			fieldtype: "Link",
			options: "Branch",
			default: this.branch,
			change: () => {
				this.branch = this.branch_field.get_value();
				this.search();
			},
		});
		this.$body = $(`<div class="item-finder row">
			<div class="col-md-7 finder-results"></div>
			<div class="col-md-5 finder-details"></div>
		</div>`).appendTo(page.main);
		this.$results = this.$body.find(".finder-results");
		this.$details = this.$body.find(".finder-details");
		// Search as the pharmacist types, but not on every keystroke.
		this.query.$input.on("input", frappe.utils.debounce(() => this.search(), 250));
		setTimeout(() => this.query.$input.focus(), 300);
		this.show_hint();
	}

	show_hint() {
		this.$results.html(
			`<p class="text-muted">${__(
				"Scan a barcode or type a trade name, an INN or part of a name; typos are forgiven."
			)}</p>`
		);
	}

	async search() {
		const text = (this.query.get_value() || "").trim();
		if (text.length < 2) return this.show_hint();
		const started = performance.now();
		const { message } = await frappe.call({
			method: "pharmacy_ext.catalogue.search.search_items",
			args: { text, branch: this.branch },
		});
		if (text !== (this.query.get_value() || "").trim()) return; // a newer query is on its way
		this.render_results(message, Math.round(performance.now() - started));
		if (message.match === "barcode" && message.items.length === 1) {
			this.show_item(message.items[0].item_code);
		}
	}

	render_results(result, ms) {
		if (!result.items.length) {
			this.$results.html(`<p class="text-muted">${__("Nothing found")}</p>`);
			return;
		}
		const note =
			result.match === "fuzzy" ? __("Similar names (check the spelling)") : __("Found");
		const rows = result.items.map((item) => this.result_row(item)).join("");
		this.$results.html(`
			<div class="text-muted small mb-2">${note}: ${result.items.length} · ${ms} ${__("ms")}</div>
			<table class="table table-hover table-sm finder-table">
				<thead><tr>
					<th>${__("Item")}</th><th>${__("INN (МНН)")}</th>
					<th class="text-right">${__("Price")}</th>
					<th class="text-right">${__("Here")}</th>
					<th>${__("Other pharmacies")}</th>
				</tr></thead>
				<tbody>${rows}</tbody>
			</table>`);
		this.$results.find("tr[data-item]").on("click", (e) => {
			this.show_item($(e.currentTarget).attr("data-item"));
		});
	}

	result_row(item) {
		const flags = [
			item.pharm_rx_only ? `<span class="indicator-pill red">${__("Rx")}</span>` : "",
			item.pharm_pku ? `<span class="indicator-pill orange">${__("ПКУ")}</span>` : "",
		].join(" ");
		const others = (item.other_pharmacies || [])
			.map((o) => `${frappe.utils.escape_html(o.branch)}: ${o.qty}`)
			.join(", ");
		const here = item.stock_here === null || item.stock_here === undefined ? "—" : item.stock_here;
		return `<tr data-item="${frappe.utils.escape_html(item.item_code)}" style="cursor:pointer">
			<td>${frappe.utils.escape_html(item.item_name || item.item_code)} ${flags}
				<div class="text-muted small">${frappe.utils.escape_html(
					[item.pharm_dosage_form, item.pharm_strength].filter(Boolean).join(", ")
				)}</div></td>
			<td>${frappe.utils.escape_html(item.pharm_inn || "")}</td>
			<td class="text-right">${item.price ? format_currency(item.price) : "—"}</td>
			<td class="text-right ${here > 0 ? "text-success" : "text-muted"}">${here}</td>
			<td class="small">${others || "—"}</td>
		</tr>`;
	}

	async show_item(item_code) {
		const [card, analogues] = await Promise.all([
			frappe.xcall("pharmacy_ext.catalogue.search.item_card", { item_code }),
			frappe.xcall("pharmacy_ext.catalogue.analogues.get_analogues", {
				item_code,
				branch: this.branch,
			}),
		]);
		const facts = card.facts
			.map((f) => {
				const value = f.fieldtype === "Check" ? __("Yes") : frappe.utils.escape_html(__(String(f.value)));
				return `<tr><td class="text-muted">${f.label}</td><td>${value}</td></tr>`;
			})
			.join("");
		this.$details.html(`
			<div class="frappe-card p-3">
				<h5><a href="/app/item/${encodeURIComponent(card.item_code)}">${frappe.utils.escape_html(
			card.item_name
		)}</a></h5>
				<table class="table table-sm small">${facts}</table>
				${this.analogue_table(__("Substitutes: same INN, form and strength"), analogues.substitutes)}
				${this.analogue_table(__("Alternatives: same ATC group"), analogues.alternatives)}
			</div>`);
	}

	analogue_table(title, rows) {
		if (!rows.length) return `<h6 class="mt-3">${title}</h6><p class="text-muted small">${__("None")}</p>`;
		const body = rows.map((row) => this.result_row(row)).join("");
		return `<h6 class="mt-3">${title}</h6>
			<table class="table table-sm small"><tbody>${body}</tbody></table>`;
	}
}
