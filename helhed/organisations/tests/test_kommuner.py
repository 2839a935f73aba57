# SPDX-License-Identifier: MPL-2.0
"""The list of the 98 municipalities: codes, names, slugs, regions, population."""

from collections import Counter

from helhed.organisations.kommuner import (
    KOMMUNE_BY_CODE,
    KOMMUNER,
    NATIONAL_POPULATION,
    kommune_slug,
)


def test_there_are_98_municipalities_with_unique_three_digit_codes():
    codes = [k.code for k in KOMMUNER]
    assert len(codes) == 98
    assert len(set(codes)) == 98
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert "411" not in KOMMUNE_BY_CODE  # Christiansø is no municipality


def test_known_codes_have_their_names():
    known = {
        "101": "København",
        "147": "Frederiksberg",
        "190": "Furesø",
        "400": "Bornholm",
        "461": "Odense",
        "492": "Ærø",
        "615": "Horsens",
        "751": "Aarhus",
        "825": "Læsø",
        "851": "Aalborg",
        "860": "Hjørring",
    }
    assert {code: KOMMUNE_BY_CODE[code].name for code in known} == known
    assert KOMMUNE_BY_CODE["615"].full_name == "Horsens Kommune"
    assert KOMMUNE_BY_CODE["101"].full_name == "Københavns Kommune"


def test_slugs_are_ascii_unique_and_match_the_demo():
    slugs = [k.slug for k in KOMMUNER]
    assert len(set(slugs)) == 98
    assert all(s.isascii() and s == s.lower() and " " not in s for s in slugs)
    assert KOMMUNE_BY_CODE["190"].slug == "furesoe"
    assert KOMMUNE_BY_CODE["615"].slug == "horsens"
    assert kommune_slug("Høje-Taastrup") == "hoeje-taastrup"
    assert kommune_slug("Tårnby") == "taarnby"
    assert kommune_slug("Ringkøbing-Skjern") == "ringkoebing-skjern"


def test_the_regions_have_their_municipalities():
    assert Counter(k.region for k in KOMMUNER) == {
        "1084": 29,  # Hovedstaden
        "1085": 17,  # Sjælland
        "1083": 22,  # Syddanmark
        "1082": 19,  # Midtjylland
        "1081": 11,  # Nordjylland
    }


def test_the_population_adds_up_to_the_published_national_total():
    # FOLK1A, 1st quarter 2024: 5,961,249; the list is rounded to thousands
    assert abs(NATIONAL_POPULATION - 5_961_249) / 5_961_249 < 0.005
    assert max(KOMMUNER, key=lambda k: k.population).code == "101"
    assert min(KOMMUNER, key=lambda k: k.population).code == "825"
