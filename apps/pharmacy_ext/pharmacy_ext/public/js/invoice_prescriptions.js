// Sales Invoice and POS Invoice (also inside the POS page, which runs a POS Invoice form): a prescription-only
// line gets the customer's prescription that covers it, or a warning that none does, before the sale is submitted.
// The server-side guard (prescriptions/dispensing.py) still decides; this only saves the pharmacist a refusal.
(() => {
	const pick_prescription = async (frm, cdt, cdn) => {
		const row = locals[cdt][cdn];
		if (!row || !row.item_code || !frm.doc.customer || frm.doc.is_return) return;
		const { message } = await frappe.call({
			method: "pharmacy_ext.prescriptions.picker.prescriptions_covering",
			args: { customer: frm.doc.customer, item_code: row.item_code, posting_date: frm.doc.posting_date },
		});
		if (!message || !message.rx_only) return;
		const offered = message.prescriptions.map((p) => p.name);
		if (row.pharm_prescription && offered.includes(row.pharm_prescription)) return;
		if (offered.length) {
			const first = message.prescriptions[0];
			frappe.model.set_value(cdt, cdn, "pharm_prescription", first.name);
			frappe.show_alert({
				message: __("{0}: prescription {1} {2} (left: {3})", [
					row.item_name || row.item_code,
					first.series || "",
					first.number || first.name,
					first.qty_left,
				]),
				indicator: "green",
			});
		} else {
			frappe.show_alert(
				{
					message: __(
						"{0} is sold on prescription only, and {1} has no valid prescription for it",
						[row.item_name || row.item_code, frm.doc.customer_name || frm.doc.customer]
					),
					indicator: "red",
				},
				10
			);
		}
	};

	const setup = (parent, child) => {
		frappe.ui.form.on(parent, {
			setup(frm) {
				frm.set_query("pharm_prescription", "items", (doc, cdt, cdn) => ({
					filters: {
						customer: doc.customer,
						docstatus: 1,
						status: ["in", ["Active", "Partly Dispensed"]],
					},
				}));
			},
			customer(frm) {
				(frm.doc.items || []).forEach((row) => pick_prescription(frm, row.doctype, row.name));
			},
		});
		frappe.ui.form.on(child, {
			item_code(frm, cdt, cdn) {
				pick_prescription(frm, cdt, cdn);
			},
		});
	};
	setup("Sales Invoice", "Sales Invoice Item");
	setup("POS Invoice", "POS Invoice Item");
})();
