# SPDX-License-Identifier: MPL-2.0
"""Countries of origin with Danmarks Statistik's Western/non-Western grouping.

Western ("vestlige lande") = the EU countries, Andorra, Iceland, Liechtenstein, Monaco,
Norway, San Marino, Switzerland, the Vatican, the United Kingdom, Canada, the USA,
Australia and New Zealand; every other country is non-Western
(shared/reference/danish-domain.md, 1.11). The list holds the Western countries and the
countries most refugees and immigrants to Denmark come from; more can be added.
"""

from django.utils.translation import gettext_lazy as _

WESTERN = {
    "AD", "AT", "AU", "BE", "BG", "CA", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
    "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT",
    "NL", "NO", "NZ", "PL", "PT", "RO", "SE", "SI", "SK", "SM", "US", "VA",
}  # fmt: skip

EU_EEA = WESTERN - {"AD", "AU", "CA", "CH", "GB", "MC", "NZ", "SM", "US", "VA"}

COUNTRIES = [
    ("AF", _("Afghanistan")), ("AT", _("Austria")), ("AU", _("Australia")),
    ("BA", _("Bosnia and Herzegovina")), ("BE", _("Belgium")), ("BG", _("Bulgaria")),
    ("CA", _("Canada")), ("CD", _("DR Congo")), ("CH", _("Switzerland")), ("CN", _("China")),
    ("CZ", _("Czechia")), ("DE", _("Germany")), ("DK", _("Denmark")), ("EE", _("Estonia")),
    ("EG", _("Egypt")), ("ER", _("Eritrea")), ("ES", _("Spain")), ("ET", _("Ethiopia")),
    ("FI", _("Finland")), ("FR", _("France")), ("GB", _("United Kingdom")),
    ("GR", _("Greece")), ("HR", _("Croatia")), ("HU", _("Hungary")), ("IE", _("Ireland")),
    ("IN", _("India")), ("IQ", _("Iraq")), ("IR", _("Iran")), ("IS", _("Iceland")),
    ("IT", _("Italy")), ("JO", _("Jordan")), ("LB", _("Lebanon")), ("LT", _("Lithuania")),
    ("LV", _("Latvia")), ("MA", _("Morocco")), ("MM", _("Myanmar")), ("NL", _("Netherlands")),
    ("NO", _("Norway")), ("NZ", _("New Zealand")), ("PH", _("Philippines")),
    ("PK", _("Pakistan")), ("PL", _("Poland")), ("PS", _("Palestine")), ("PT", _("Portugal")),
    ("RO", _("Romania")), ("RU", _("Russia")), ("SD", _("Sudan")), ("SE", _("Sweden")),
    ("SO", _("Somalia")), ("SS", _("South Sudan")), ("SY", _("Syria")), ("TH", _("Thailand")),
    ("TR", _("Turkey")), ("UA", _("Ukraine")), ("US", _("United States")),
    ("VN", _("Vietnam")), ("XX", _("Stateless or unknown")), ("YE", _("Yemen")),
]  # fmt: skip


def is_western(code: str) -> bool:
    return code in WESTERN
