app_name = "pharmacy_ext"
app_title = "Pharmacy"
app_publisher = "Pharmacy chain IT"
app_description = "Operations platform of a retail pharmacy chain on ERPNext and Frappe HR"
app_email = "it@pharmacy.example"
app_license = "mit"
required_apps = ["erpnext", "hrms"]

before_install = "pharmacy_ext.install.before_install"
after_install = "pharmacy_ext.install.after_install"
before_migrate = "pharmacy_ext.install.before_migrate"
after_migrate = "pharmacy_ext.install.after_migrate"
before_uninstall = "pharmacy_ext.install.before_uninstall"

before_tests = "pharmacy_ext.tests.before_tests"

# Prescription picker on the invoice forms (and the POS page, which runs a POS Invoice form).
doctype_js = {
	"Sales Invoice": "public/js/invoice_prescriptions.js",
	"POS Invoice": "public/js/invoice_prescriptions.js",
}

_set_branch = "pharmacy_ext.overrides.transaction_branch.set_branch"

_dispensing = "pharmacy_ext.prescriptions.dispensing"

doc_events = {
	**{
		doctype: {"validate": _set_branch}
		for doctype in (
			"POS Profile",
			"Sales Order",
			"Delivery Note",
			"Material Request",
			"Stock Entry",
			"Stock Reconciliation",
			"Purchase Receipt",
		)
	},
	# Prescription-only lines need a valid prescription of the buyer (see prescriptions/dispensing.py).
	**{
		doctype: {
			"validate": [_set_branch, f"{_dispensing}.validate_invoice"],
			"before_submit": f"{_dispensing}.dispense_invoice",
			"on_cancel": f"{_dispensing}.return_to_prescriptions",
		}
		for doctype in ("Sales Invoice", "POS Invoice")
	},
	"Employee": {
		"on_update": "pharmacy_ext.overrides.employee.on_update",
		"on_trash": "pharmacy_ext.overrides.employee.on_trash",
	},
	"User": {"on_update": "pharmacy_ext.overrides.user.on_update"},
	"Branch": {"on_update": "pharmacy_ext.overrides.branch.on_update"},
	"Shift Assignment": {"validate": "pharmacy_ext.shifts.schedule.set_assignment_branch"},
	"Item": {
		"validate": "pharmacy_ext.overrides.item.validate",
		"on_update": "pharmacy_ext.overrides.item.on_update",
		"on_trash": "pharmacy_ext.overrides.item.on_trash",
		"after_rename": "pharmacy_ext.overrides.item.after_rename",
	},
	# Omnichannel: normalised phone for identity matching; received e-mail joins the inbox.
	**{
		doctype: {"validate": "pharmacy_ext.omnichannel.identity.set_normalised_phone"}
		for doctype in ("Lead", "Contact", "Customer")
	},
	"Communication": {"after_insert": "pharmacy_ext.omnichannel.channels.email.on_communication"},
}

scheduler_events = {
	"daily": [
		"pharmacy_ext.prescriptions.dispensing.expire_prescriptions",
		"pharmacy_ext.catalogue.vat.reevaluate_lapsed_registrations",
		"pharmacy_ext.shifts.schedule.generate_next_month",
	],
	"weekly": ["pharmacy_ext.catalogue.duplicate_review.scan_job"],
	"cron": {
		"* * * * *": [
			"pharmacy_ext.omnichannel.ingest.process_pending",
			"pharmacy_ext.omnichannel.outbound.deliver_pending",
			"pharmacy_ext.omnichannel.routing.escalate_unanswered",
		],
	},
}

_swap = "pharmacy_ext.shifts.doctype.shift_swap_request.shift_swap_request"
_period = "pharmacy_ext.shifts.doctype.overtime_period.overtime_period"
permission_query_conditions = {
	"Shift Swap Request": f"{_swap}.get_permission_query_conditions",
	"Overtime Period": f"{_period}.get_permission_query_conditions",
}
has_permission = {
	"Shift Swap Request": f"{_swap}.has_permission",
	"Overtime Period": f"{_period}.has_permission",
}

# Settled omnichannel deliveries are kept this many days (Log Settings); Queued / Failed ones stay.
default_log_clearing_doctypes = {"Omnichannel Inbound Log": 90}
