"""Custom fields this capability adds to upstream doctypes; merged by pharmacy_ext.setup.custom_fields."""

CUSTOM_FIELDS: dict = {}
