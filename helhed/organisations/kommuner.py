# SPDX-License-Identifier: MPL-2.0
"""The 98 Danish municipalities: kommunekode, name, address slug, region, population.

- Codes and names: the kommunekodeliste of Danmarks Adresser (DAWA,
  https://danmarksadresser.dk/adressedata/kodelister/kommunekodeliste) and the Wikipedia
  list (https://en.wikipedia.org/wiki/List_of_municipalities_of_Denmark): 98 municipalities
  since 1 January 2007. Code 411 (Christiansø) in DAWA's list is no municipality
  (Ertholmene belongs to none) and is left out.
- Population: Danmarks Statistik, FOLK1A, 1 January 2024 (https://www.statistikbanken.dk/FOLK1A),
  rounded to thousands (Læsø, Fanø, Samsø and Ærø to hundreds). They are used only as
  shares; their sum, 5.94 million, is within 0.5 % of the published national total of
  5,961,249 (bolius.dk, citing FOLK1A for the 1st quarter of 2024). See
  docs/synthetic-registry.md for how they were checked.
- Main town: the town a synthetic registry places most refugees in (the municipality's
  largest town; chosen where the municipality is named after no town).
- Slugs are ASCII: æ → ae, ø → oe, å → aa, lower case, spaces and hyphens as hyphens.
"""

from collections.abc import Mapping
from dataclasses import dataclass

REGIONS: Mapping[str, str] = {
    "1081": "Region Nordjylland",
    "1082": "Region Midtjylland",
    "1083": "Region Syddanmark",
    "1084": "Region Hovedstaden",
    "1085": "Region Sjælland",
}


@dataclass(frozen=True)
class Kommune:
    code: str  # kommunekode, three digits
    name: str  # without "Kommune"
    region: str  # regionskode, see REGIONS
    population: int
    main_town: str

    @property
    def slug(self) -> str:
        return kommune_slug(self.name)

    @property
    def full_name(self) -> str:
        """The name a municipality goes by, as the demo's "Horsens Kommune"."""
        if self.code == "400":
            return "Bornholms Regionskommune"
        if self.code == "101":
            return "Københavns Kommune"
        return f"{self.name} Kommune"


def kommune_slug(name: str) -> str:
    ascii_name = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return "-".join(ascii_name.replace("-", " ").split())


_H, _S, _SD, _M, _N = "1084", "1085", "1083", "1082", "1081"

KOMMUNER: tuple[Kommune, ...] = (
    # Region Hovedstaden
    Kommune("101", "København", _H, 659_000, "København"),
    Kommune("147", "Frederiksberg", _H, 104_000, "Frederiksberg"),
    Kommune("151", "Ballerup", _H, 49_000, "Ballerup"),
    Kommune("153", "Brøndby", _H, 36_000, "Brøndby Strand"),
    Kommune("155", "Dragør", _H, 15_000, "Dragør"),
    Kommune("157", "Gentofte", _H, 75_000, "Charlottenlund"),
    Kommune("159", "Gladsaxe", _H, 70_000, "Søborg"),
    Kommune("161", "Glostrup", _H, 24_000, "Glostrup"),
    Kommune("163", "Herlev", _H, 30_000, "Herlev"),
    Kommune("165", "Albertslund", _H, 28_000, "Albertslund"),
    Kommune("167", "Hvidovre", _H, 54_000, "Hvidovre"),
    Kommune("169", "Høje-Taastrup", _H, 52_000, "Taastrup"),
    Kommune("173", "Lyngby-Taarbæk", _H, 57_000, "Kongens Lyngby"),
    Kommune("175", "Rødovre", _H, 42_000, "Rødovre"),
    Kommune("183", "Ishøj", _H, 24_000, "Ishøj"),
    Kommune("185", "Tårnby", _H, 44_000, "Kastrup"),
    Kommune("187", "Vallensbæk", _H, 17_000, "Vallensbæk Strand"),
    Kommune("190", "Furesø", _H, 41_000, "Farum"),
    Kommune("201", "Allerød", _H, 26_000, "Lillerød"),
    Kommune("210", "Fredensborg", _H, 41_000, "Humlebæk"),
    Kommune("217", "Helsingør", _H, 63_000, "Helsingør"),
    Kommune("219", "Hillerød", _H, 53_000, "Hillerød"),
    Kommune("223", "Hørsholm", _H, 25_000, "Hørsholm"),
    Kommune("230", "Rudersdal", _H, 57_000, "Birkerød"),
    Kommune("240", "Egedal", _H, 45_000, "Ølstykke-Stenløse"),
    Kommune("250", "Frederikssund", _H, 46_000, "Frederikssund"),
    Kommune("260", "Halsnæs", _H, 32_000, "Frederiksværk"),
    Kommune("270", "Gribskov", _H, 42_000, "Helsinge"),
    Kommune("400", "Bornholm", _H, 39_000, "Rønne"),
    # Region Sjælland
    Kommune("253", "Greve", _S, 51_000, "Greve Strand"),
    Kommune("259", "Køge", _S, 63_000, "Køge"),
    Kommune("265", "Roskilde", _S, 90_000, "Roskilde"),
    Kommune("269", "Solrød", _S, 24_000, "Solrød Strand"),
    Kommune("306", "Odsherred", _S, 33_000, "Nykøbing Sjælland"),
    Kommune("316", "Holbæk", _S, 73_000, "Holbæk"),
    Kommune("320", "Faxe", _S, 38_000, "Haslev"),
    Kommune("326", "Kalundborg", _S, 49_000, "Kalundborg"),
    Kommune("329", "Ringsted", _S, 36_000, "Ringsted"),
    Kommune("330", "Slagelse", _S, 80_000, "Slagelse"),
    Kommune("336", "Stevns", _S, 23_000, "Store Heddinge"),
    Kommune("340", "Sorø", _S, 30_000, "Sorø"),
    Kommune("350", "Lejre", _S, 29_000, "Hvalsø"),
    Kommune("360", "Lolland", _S, 40_000, "Nakskov"),
    Kommune("370", "Næstved", _S, 84_000, "Næstved"),
    Kommune("376", "Guldborgsund", _S, 60_000, "Nykøbing Falster"),
    Kommune("390", "Vordingborg", _S, 46_000, "Vordingborg"),
    # Region Syddanmark
    Kommune("410", "Middelfart", _SD, 40_000, "Middelfart"),
    Kommune("420", "Assens", _SD, 41_000, "Assens"),
    Kommune("430", "Faaborg-Midtfyn", _SD, 51_000, "Faaborg"),
    Kommune("440", "Kerteminde", _SD, 24_000, "Kerteminde"),
    Kommune("450", "Nyborg", _SD, 32_000, "Nyborg"),
    Kommune("461", "Odense", _SD, 209_000, "Odense"),
    Kommune("479", "Svendborg", _SD, 59_000, "Svendborg"),
    Kommune("480", "Nordfyns", _SD, 30_000, "Bogense"),
    Kommune("482", "Langeland", _SD, 12_000, "Rudkøbing"),
    Kommune("492", "Ærø", _SD, 5_900, "Ærøskøbing"),
    Kommune("510", "Haderslev", _SD, 56_000, "Haderslev"),
    Kommune("530", "Billund", _SD, 27_000, "Grindsted"),
    Kommune("540", "Sønderborg", _SD, 74_000, "Sønderborg"),
    Kommune("550", "Tønder", _SD, 37_000, "Tønder"),
    Kommune("561", "Esbjerg", _SD, 116_000, "Esbjerg"),
    Kommune("563", "Fanø", _SD, 3_500, "Nordby"),
    Kommune("573", "Varde", _SD, 50_000, "Varde"),
    Kommune("575", "Vejen", _SD, 43_000, "Vejen"),
    Kommune("580", "Aabenraa", _SD, 58_000, "Aabenraa"),
    Kommune("607", "Fredericia", _SD, 52_000, "Fredericia"),
    Kommune("621", "Kolding", _SD, 95_000, "Kolding"),
    Kommune("630", "Vejle", _SD, 121_000, "Vejle"),
    # Region Midtjylland
    Kommune("615", "Horsens", _M, 99_000, "Horsens by"),
    Kommune("657", "Herning", _M, 90_000, "Herning"),
    Kommune("661", "Holstebro", _M, 59_000, "Holstebro"),
    Kommune("665", "Lemvig", _M, 19_000, "Lemvig"),
    Kommune("671", "Struer", _M, 20_000, "Struer"),
    Kommune("706", "Syddjurs", _M, 44_000, "Ebeltoft"),
    Kommune("707", "Norddjurs", _M, 37_000, "Grenaa"),
    Kommune("710", "Favrskov", _M, 50_000, "Hinnerup"),
    Kommune("727", "Odder", _M, 24_000, "Odder"),
    Kommune("730", "Randers", _M, 100_000, "Randers"),
    Kommune("740", "Silkeborg", _M, 100_000, "Silkeborg"),
    Kommune("741", "Samsø", _M, 3_700, "Tranebjerg"),
    Kommune("746", "Skanderborg", _M, 65_000, "Skanderborg"),
    Kommune("751", "Aarhus", _M, 367_000, "Aarhus"),
    Kommune("756", "Ikast-Brande", _M, 42_000, "Ikast"),
    Kommune("760", "Ringkøbing-Skjern", _M, 56_000, "Ringkøbing"),
    Kommune("766", "Hedensted", _M, 48_000, "Hedensted"),
    Kommune("779", "Skive", _M, 46_000, "Skive"),
    Kommune("791", "Viborg", _M, 98_000, "Viborg"),
    # Region Nordjylland
    Kommune("773", "Morsø", _N, 20_000, "Nykøbing Mors"),
    Kommune("787", "Thisted", _N, 43_000, "Thisted"),
    Kommune("810", "Brønderslev", _N, 36_000, "Brønderslev"),
    Kommune("813", "Frederikshavn", _N, 58_000, "Frederikshavn"),
    Kommune("820", "Vesthimmerlands", _N, 36_000, "Aars"),
    Kommune("825", "Læsø", _N, 1_800, "Byrum"),
    Kommune("840", "Rebild", _N, 31_000, "Støvring"),
    Kommune("846", "Mariagerfjord", _N, 41_000, "Hobro"),
    Kommune("849", "Jammerbugt", _N, 38_000, "Aabybro"),
    Kommune("851", "Aalborg", _N, 223_000, "Aalborg"),
    Kommune("860", "Hjørring", _N, 64_000, "Hjørring"),
)

KOMMUNE_BY_CODE: Mapping[str, Kommune] = {k.code: k for k in KOMMUNER}
NATIONAL_POPULATION = sum(k.population for k in KOMMUNER)
