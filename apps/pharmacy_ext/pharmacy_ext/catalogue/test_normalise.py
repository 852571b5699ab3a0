from frappe.tests.utils import FrappeTestCase

from pharmacy_ext.catalogue.normalise import (
	clean_text,
	detect_inn,
	gtin_is_valid,
	gtin_key,
	normalise_form,
	normalise_gtin,
	normalise_name,
	normalise_strength,
	parse_pack,
	split_name,
)
from pharmacy_ext.demo import vocabulary as vocab


class TestNormalise(FrappeTestCase):
	def test_dosage_forms_the_way_people_abbreviate_them(self):
		cases = {
			"таб.": "таблетки",
			"табл.": "таблетки",
			"ТАБЛЕТКИ": "таблетки",
			"тaб.": "таблетки",  # Latin "a"
			"таб п/о": "таблетки, покрытые оболочкой",
			"табл. покр. об.": "таблетки, покрытые оболочкой",
			"таб. п.п.о.": "таблетки, покрытые пленочной оболочкой",
			"капс.": "капсулы",
			"капс. кишечнораств.": "капсулы кишечнорастворимые",
			"р-р д/ин.": "раствор для инъекций",
			"амп.": "раствор для инъекций",
			"пор. д/приг. сусп. д/приема внутрь": "порошок для приготовления суспензии для приема внутрь",
			"супп. рект.": "суппозитории ректальные",
			"свечи ректальные": "суппозитории ректальные",
			"спрей наз. дозир.": "спрей назальный дозированный",
			"р-р д/ингал.": "раствор для ингаляций",
			"": "",
		}
		for raw, expected in cases.items():
			self.assertEqual(normalise_form(raw), expected, raw)
		for full, short, _packs in vocab.FORMS.values():  # canonical forms stay as they are
			self.assertEqual(normalise_form(full), full)
			self.assertEqual(normalise_form(normalise_form(short)), normalise_form(short))

	def test_strengths_in_one_canonical_spelling(self):
		cases = {
			"500мг": "500 мг",
			"0,5 г": "500 мг",
			"500 mg": "500 мг",
			"500 MG": "500 мг",
			"1000 мг": "1 г",
			"0.4 мг": "400 мкг",
			"5 mg/ml": "5 мг/мл",
			"200 мг/5 мл": "200 мг/5 мл",
			"400мг+400мг": "400 мг+400 мг",
			"10 000 ЕД": "10000 ЕД",
			"1000 МЕ": "1000 ЕД",
			"2,5%": "2,5 %",
			"": "",
		}
		for raw, expected in cases.items():
			self.assertEqual(normalise_strength(raw), expected, raw)
		for unreadable in ("по назначению", "500", "abc"):
			self.assertIsNone(normalise_strength(unreadable), unreadable)

	def test_pack_counts(self):
		for raw in ("№10", "N10", "N 10", "№ 10", "10 шт", "уп. 10", "x10", "10", 10, 10.0):
			self.assertEqual(parse_pack(raw), 10, raw)
		for raw in ("много", "", None, "-5", 0):
			self.assertIsNone(parse_pack(raw), raw)

	def test_names_compare_without_case_quotes_marks_and_lookalikes(self):
		self.assertEqual(normalise_name("«НУРОФЕН®»  Экспресс"), "нурофен экспресс")
		self.assertEqual(normalise_name("Hурофен"), normalise_name("Нурофен"))  # Latin H
		self.assertEqual(normalise_name("Ёлка"), "елка")
		self.assertEqual(clean_text("  Но-шпа™   форте "), "Но-шпа форте")
		self.assertEqual(clean_text("Omron M2"), "Omron M2")  # Latin words stay Latin

	def test_gtin_check_digit(self):
		self.assertTrue(gtin_is_valid("4601234567893"))
		self.assertFalse(gtin_is_valid("4601234567891"))
		self.assertFalse(gtin_is_valid("460123456789"))  # 12 digits, wrong UPC check digit
		self.assertFalse(gtin_is_valid("46012345A7893"))
		self.assertTrue(gtin_is_valid("04601234567893"))
		self.assertEqual(normalise_gtin(4601234567893.0), "4601234567893")
		self.assertEqual(gtin_key("4601234567893"), gtin_key("04601234567893"))

	def test_inn_or_brand_from_a_name(self):
		self.assertEqual(detect_inn("Ибупрофен"), "Ибупрофен")
		self.assertEqual(detect_inn("ибупрофен-Вертекс"), "Ибупрофен")
		self.assertIsNone(detect_inn("Нурофен"))

	def test_split_a_legacy_name(self):
		parts = split_name("НУРОФЕН® таб. п/о 0,2 г N10")
		self.assertEqual(
			parts,
			{
				"brand": "НУРОФЕН",
				"form": "таблетки, покрытые оболочкой",
				"strength": "200 мг",
				"pack": 10,
				"size": "",
				"container": "",
			},
		)
		drops = split_name("Виброцил спрей наз. дозир. 2,5 мг/мл+0,25 мг/мл 15 мл")
		self.assertEqual((drops["strength"], drops["size"]), ("2,5 мг/мл+250 мкг/мл", "15 мл"))
		ampoules = split_name("Дротаверин р-р д/ин 20мг/мл амп. 2мл №5")
		self.assertEqual(
			(ampoules["brand"], ampoules["form"], ampoules["pack"]), ("Дротаверин", "раствор для инъекций", 5)
		)
