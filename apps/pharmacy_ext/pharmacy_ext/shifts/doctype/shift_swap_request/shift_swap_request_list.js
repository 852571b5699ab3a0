frappe.listview_settings["Shift Swap Request"] = {
	get_indicator(doc) {
		const colours = {
			Proposed: "orange",
			Accepted: "blue",
			Declined: "grey",
			Approved: "green",
			Rejected: "red",
			Cancelled: "grey",
		};
		return [__(doc.status), colours[doc.status], "status,=," + doc.status];
	},
};
