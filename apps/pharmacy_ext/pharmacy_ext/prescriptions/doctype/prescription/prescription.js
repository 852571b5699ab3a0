frappe.ui.form.on("Prescription", {
	refresh(frm) {
		frm.set_query("customer", () => ({ filters: { disabled: 0 } }));
	},
});
