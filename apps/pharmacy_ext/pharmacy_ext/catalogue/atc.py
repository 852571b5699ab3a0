"""The ATC (АТХ) classification: a drug's code read as its hierarchy, for browsing and reports.

M01AE01 is level 1 "M" (anatomical main group), level 2 "M01" (therapeutic), level 3 "M01A" (pharmacological),
level 4 "M01AE" (chemical group, what analogue search uses) and level 5 "M01AE01" (the substance).
"""

LEVEL_LENGTHS = (1, 3, 4, 5, 7)

ANATOMICAL_GROUPS = {
	"A": "Alimentary tract and metabolism",
	"B": "Blood and blood forming organs",
	"C": "Cardiovascular system",
	"D": "Dermatologicals",
	"G": "Genito-urinary system and sex hormones",
	"H": "Systemic hormonal preparations",
	"J": "Antiinfectives for systemic use",
	"L": "Antineoplastic and immunomodulating agents",
	"M": "Musculo-skeletal system",
	"N": "Nervous system",
	"P": "Antiparasitic products, insecticides and repellents",
	"R": "Respiratory system",
	"S": "Sensory organs",
	"V": "Various",
}


def levels(code: str | None) -> list[str]:
	"""The code's ancestors and itself, shortest first: "M01AE01" -> ["M", "M01", "M01A", "M01AE", "M01AE01"]."""
	code = (code or "").strip().upper()
	return [code[:n] for n in LEVEL_LENGTHS if len(code) >= n]


def level_of(code: str) -> int:
	return LEVEL_LENGTHS.index(len(code)) + 1 if len(code) in LEVEL_LENGTHS else 0
