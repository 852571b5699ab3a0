frappe.listview_settings["Item Duplicate Candidate"] = {
	add_fields: ["status", "score"],
	filters: [["status", "=", "Open"]],
	get_indicator(doc) {
		const colour = { Open: "orange", Merged: "green", "Not a Duplicate": "gray" }[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Scan for Duplicates"), () =>
			frappe
				.call("pharmacy_ext.catalogue.duplicate_review.start_scan")
				.then(({ message }) => frappe.show_alert({ message, indicator: "blue" }))
		);
	},
};
