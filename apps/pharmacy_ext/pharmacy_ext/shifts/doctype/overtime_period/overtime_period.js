frappe.ui.form.on("Overtime Period", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Recalculate"), () => frm.save());
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Post Missing to Payroll"), () =>
				frm.call("post_to_payroll").then((r) => {
					frappe.show_alert(__("{0} Additional Salary created", [(r.message || []).length]));
					frm.reload_doc();
				})
			);
			frm.add_custom_button(__("Overtime Register"), () =>
				frappe.set_route("query-report", "Overtime Register", { overtime_period: frm.doc.name })
			);
		}
	},
	from_date(frm) {
		// The accounting period of Shift Settings (month, quarter or year) that contains the date.
		if (!frm.doc.from_date || frm.doc.docstatus) return;
		frappe
			.call("pharmacy_ext.shifts.settings.period_containing", { day: frm.doc.from_date })
			.then((r) => {
				if (r.message && !frm.doc.to_date) frm.set_value("to_date", r.message.to_date);
			});
	},
	company(frm) {
		frm.set_query("branch", () => ({ filters: { pharm_company: frm.doc.company } }));
	},
});
