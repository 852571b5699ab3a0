frappe.query_reports["Stale Items"] = {
	filters: [
		{
			fieldname: "months",
			label: __("No Movement For, Months"),
			fieldtype: "Int",
			default: 6,
			reqd: 1,
		},
	],
	onload(report) {
		report.page.add_inner_button(__("Disable All Listed"), () => {
			const items = (report.data || []).map((row) => row.name).filter(Boolean);
			if (!items.length) return;
			frappe.confirm(__("Disable {0} stale items? Their history is kept.", [items.length]), async () => {
				const result = await frappe.xcall("pharmacy_ext.catalogue.stale.disable_items", {
					items,
					months: report.get_filter_value("months"),
				});
				frappe.show_alert({
					message: __("Disabled: {0}; kept because they moved: {1}", [
						result.disabled.length,
						result.kept.length,
					]),
					indicator: "green",
				});
				report.refresh();
			});
		});
	},
};
