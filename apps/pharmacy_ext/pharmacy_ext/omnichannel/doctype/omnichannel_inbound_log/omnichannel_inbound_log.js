// A delivery that failed processing can be processed again once the cause is fixed.
frappe.ui.form.on("Omnichannel Inbound Log", {
	refresh(frm) {
		if (["Failed", "Queued"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Retry"), () =>
				frappe
					.call("pharmacy_ext.omnichannel.ingest.retry", { log_name: frm.doc.name })
					.then((r) => {
						frappe.show_alert({ message: __("Status: {0}", [__(r.message)]), indicator: "green" });
						frm.reload_doc();
					})
			);
		}
	},
});
