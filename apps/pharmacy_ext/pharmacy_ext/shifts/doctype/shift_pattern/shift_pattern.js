frappe.ui.form.on("Shift Pattern", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["Pharmacy HR", "System Manager"])) return;
		frm.add_custom_button(__("Generate Month for the Chain"), () =>
			frappe.prompt(
				[
					{ fieldname: "month", fieldtype: "Date", label: __("Any Day of the Month"), reqd: 1 },
				],
				(values) => {
					const day = frappe.datetime.str_to_obj(values.month);
					frappe
						.call("pharmacy_ext.shifts.schedule.enqueue_chain_month", {
							year: day.getFullYear(),
							month: day.getMonth() + 1,
						})
						.then(() => frappe.show_alert(__("Schedules are being generated in the background")));
				},
				__("Generate Shifts")
			)
		);
	},
});
