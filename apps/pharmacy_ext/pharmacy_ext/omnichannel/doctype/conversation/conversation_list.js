// Unanswered conversations stand out in the list: red when escalated, orange while waiting.
frappe.listview_settings["Conversation"] = {
	add_fields: ["status", "waiting_since", "escalated"],
	get_indicator(doc) {
		if (doc.waiting_since && ["New", "In Progress"].includes(doc.status)) {
			const now = moment(frappe.datetime.now_datetime()); // both in the system time zone
			const minutes = Math.floor(now.diff(moment(doc.waiting_since), "minutes"));
			return [__("waiting {0} min", [minutes]), doc.escalated ? "red" : "orange", "waiting_since,is,set"];
		}
		const colours = { Resolved: "green", Spam: "gray", "Waiting for Customer": "blue" };
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
