// Shift Swap Request: each side sees only the step that is theirs; the checks table explains every rule.
frappe.ui.form.on("Shift Swap Request", {
	setup(frm) {
		const shift_query = (employee_field) => () => ({
			filters: {
				employee: frm.doc[employee_field],
				docstatus: 1,
				status: "Active",
				start_date: [">=", frappe.datetime.get_today()],
			},
		});
		frm.set_query("requester_shift", shift_query("requester"));
		frm.set_query("colleague_shift", shift_query("colleague"));
		frm.set_query("colleague", () => ({ filters: { status: "Active", name: ["!=", frm.doc.requester] } }));
	},

	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status !== "Proposed") {
			// Decided or accepted: what was asked is fixed; only the actions below move it on.
			frm.disable_save();
			frm.set_read_only();
		}
		const me = frappe.session.user;
		const step = (label, method, ask_comment) =>
			frm.add_custom_button(__(label), () => {
				const run = (comment) =>
					frm.call(method, comment ? { comment } : {}).then(() => frm.reload_doc());
				if (!ask_comment) return run();
				frappe.prompt(
					{ fieldname: "comment", fieldtype: "Small Text", label: __("Comment") },
					(values) => run(values.comment),
					__(label)
				);
			});
		if (frm.doc.status === "Proposed" && me === frm.doc.colleague_user) {
			step("Accept", "accept");
			step("Decline", "decline", true);
		}
		if (frm.doc.status === "Accepted" && frappe.user.has_role(["Senior Pharmacist", "Pharmacy HR", "System Manager"])) {
			step("Approve", "approve", true);
			step("Reject", "reject", true);
		}
		if (["Proposed", "Accepted"].includes(frm.doc.status) && me === frm.doc.requester_user) {
			step("Cancel Request", "cancel_request");
		}
		if (frm.doc.status && !frm.doc.checks_passed && ["Proposed", "Accepted"].includes(frm.doc.status)) {
			frm.dashboard.set_headline_alert(__("Some checks fail: the request cannot be approved as it is"), "red");
		}
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.requester) {
			frappe.db
				.get_value("Employee", { user_id: frappe.session.user }, "name")
				.then((r) => r.message && frm.set_value("requester", r.message.name));
		}
	},
});
