// Review of one duplicate pair: merge one item into the other (ERPNext rename-merge keeps stock ledger,
// prices and history) or mark the pair as not a duplicate so the scan never proposes it again.
const REVIEW = "pharmacy_ext.catalogue.duplicate_review";

frappe.ui.form.on("Item Duplicate Candidate", {
	refresh(frm) {
		if (frm.is_new()) return;
		show_side_by_side(frm);
		if (frm.doc.status !== "Open") return;
		frm.add_custom_button(__("Merge"), () => choose_kept(frm)).addClass("btn-primary");
		frm.add_custom_button(__("Not a Duplicate"), () =>
			frappe.call({ method: `${REVIEW}.not_a_duplicate`, args: { name: frm.doc.name } }).then(() =>
				frm.reload_doc()
			)
		);
	},
});

function choose_kept(frm) {
	const label = (code, name) => `${code}: ${name || ""}`;
	const dialog = new frappe.ui.Dialog({
		title: __("Merge Items"),
		fields: [
			{
				fieldname: "keep",
				fieldtype: "Select",
				label: __("Item to Keep"),
				reqd: 1,
				options: [
					{ value: frm.doc.item_a, label: label(frm.doc.item_a, frm.doc.item_a_name) },
					{ value: frm.doc.item_b, label: label(frm.doc.item_b, frm.doc.item_b_name) },
				],
				default: frm.doc.item_a,
				description: __("The other item is merged into it: its stock, prices, batches and history move over and its card is deleted."),
			},
		],
		primary_action_label: __("Merge"),
		primary_action({ keep }) {
			dialog.hide();
			frappe
				.call({ method: `${REVIEW}.merge`, args: { name: frm.doc.name, keep }, freeze: true })
				.then(() => frm.reload_doc());
		},
	});
	dialog.show();
}

function show_side_by_side(frm) {
	frappe.call({ method: `${REVIEW}.compare`, args: { name: frm.doc.name } }).then(({ message: rows }) => {
		const esc = (v) => frappe.utils.escape_html(String(v ?? ""));
		const body = (rows || [])
			.map((r) => {
				const differs = String(r.a ?? "") !== String(r.b ?? "");
				return `<tr class="${differs ? "text-warning" : ""}"><th>${esc(r.label)}</th><td>${esc(r.a)}</td><td>${esc(r.b)}</td></tr>`;
			})
			.join("");
		frm.get_field("comparison").$wrapper.html(
			body
				? `<table class="table table-bordered table-sm small"><thead><tr><th></th><th>${esc(frm.doc.item_a)}</th><th>${esc(frm.doc.item_b)}</th></tr></thead><tbody>${body}</tbody></table>`
				: ""
		);
	});
}
