// Replies are written in the Operator Inbox, which sends them on the customer's channel.
frappe.ui.form.on("Conversation", {
	refresh(frm) {
		frm.add_custom_button(__("Open in Operator Inbox"), () => frappe.set_route("operator-inbox"));
	},
});
