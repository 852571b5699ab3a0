// Legacy catalogue import: map columns, preview the first rows as the import reads them, import in the
// background (progress bar from the job), download the rejected rows to fix them.
frappe.ui.form.on("Catalogue Import", {
	refresh(frm) {
		if (frm.is_new()) return;
		const running = ["Queued", "Running"].includes(frm.doc.status);
		if (!running) {
			const start = () => frm.call("start_import").then(() => frm.reload_doc());
			frm.add_custom_button(__("Start Import"), () =>
				frm.is_dirty() ? frm.save().then(start) : start()
			).addClass("btn-primary");
		}
		if (frm.doc.rejected_count) {
			frm.add_custom_button(__("Download Rejected Rows"), () => {
				window.open(
					"/api/method/pharmacy_ext.catalogue.doctype.catalogue_import.catalogue_import.download_rejected?name=" +
						encodeURIComponent(frm.doc.name)
				);
			});
		}
		if (frm.doc.mapping_remembered) {
			frm.dashboard.set_headline(__("Columns mapped as in an earlier file with the same headers."));
		}
		if (!running && !frm.doc.total_rows) show_preview(frm);
	},
});

function show_preview(frm) {
	frm.call("preview_rows").then(({ message: rows }) => {
		const cols = ["row_no", "item_name", "trade_name", "inn", "dosage_form", "strength", "pack_qty", "gtin"];
		const labels = [__("Row"), __("Item Name"), __("Trade Name"), __("INN"), __("Dosage Form"), __("Strength"), __("Pack"), __("GTIN")];
		const head = labels.map((l) => `<th>${l}</th>`).join("") + `<th>${__("Problems")}</th>`;
		const body = (rows || [])
			.map((r) => {
				const cells = cols.map((c) => `<td>${frappe.utils.escape_html(String(r[c] ?? ""))}</td>`).join("");
				const problems = frappe.utils.escape_html((r.problems || []).join(" "));
				return `<tr class="${problems ? "text-danger" : ""}">${cells}<td>${problems}</td></tr>`;
			})
			.join("");
		frm.get_field("preview").$wrapper.html(
			`<div class="small text-muted">${__("The first rows as they will be imported")}</div>
			<div style="overflow-x:auto"><table class="table table-bordered table-sm small"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
		);
	});
}
