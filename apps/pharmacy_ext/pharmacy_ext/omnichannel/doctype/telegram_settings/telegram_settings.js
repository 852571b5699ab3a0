frappe.ui.form.on("Telegram Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Register Webhook"), () =>
			frappe
				.call("pharmacy_ext.omnichannel.doctype.telegram_settings.telegram_settings.set_webhook")
				.then((r) => frappe.msgprint(__("Telegram will post updates to {0}", [r.message])))
		);
	},
});
