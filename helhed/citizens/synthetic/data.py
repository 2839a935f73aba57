# SPDX-License-Identifier: MPL-2.0
"""The numbers of the synthetic registry: sourced ones with their source, chosen ones
marked chosen. References are to sections of shared/reference/danish-domain.md; the URLs
are there and in docs/synthetic-registry.md."""

from collections.abc import Mapping
from datetime import date, timedelta

from helhed.citizens.models import (
    ArrivalSource,
    DanishTestKind,
    DanishTrack,
    EducationLevel,
    ProgrammeKind,
    Sex,
)

AS_OF = date(2025, 12, 31)  # the registry stands as of this day; later spells stay open
FIRST_YEAR = 2014

# 3.1: refugees visited to the municipalities per year. 2014-2019 are the visited numbers,
# 2020, 2021 and 2023 the landstal; 2022, 2024 and 2025 were not found and are chosen.
NATIONAL_VISITED: Mapping[int, int] = {
    2014: 6048,
    2015: 10592,
    2016: 7172,
    2017: 2100,
    2018: 844,
    2019: 773,
    2020: 600,
    2021: 600,
    2022: 550,
    2023: 550,
    2024: 550,
    2025: 550,
}

# Family reunified to a refugee per visited refugee, by year. 2016 is the national ratio
# of family-reunification permits to asylum permits (4,312 / 7,444, 3.2); the others are
# chosen: high in 2017-2018 as the families of the 2015-2016 refugees follow (94 % within
# a year, 3.2), then half.
FAMILY_PER_REFUGEE: Mapping[int, float] = {
    2014: 0.47,
    2015: 0.46,
    2016: 0.58,
    2017: 0.9,
    2018: 0.8,
}
FAMILY_PER_REFUGEE_LATER = 0.5
MOVED_PER_REFUGEE = 0.14  # chosen: arrivals from another municipality per visited refugee

# Since 1 March 2019 municipalities need only provide temporary housing (1.9); chosen:
# 60 % of the households visited after that still get a permanent home.
TEMPORARY_ONLY_FROM = date(2019, 3, 1)
PERMANENT_AFTER_2019 = 0.6

# Benefit names in force (1.3, 1.7): integrationsydelse for those who got legal residence
# from 1 September 2015 (before it refugees received kontanthjælp, as the Horsens draft's
# result target on "kontanthjælpsmodtagerne" in the programme shows); renamed
# selvforsørgelses- og hjemrejseydelse on 1 January 2020; one kontanthjælp from
# 1 July 2025.
KONTANTHJAELP = "Kontanthjælp"
INTEGRATIONSYDELSE = "Integrationsydelse"
SHO_YDELSE = "Selvforsørgelses- og hjemrejseydelse"
INTEGRATIONSYDELSE_FROM = date(2015, 9, 1)
SHO_YDELSE_FROM = date(2020, 1, 1)
KONTANTHJAELP_FROM = date(2025, 7, 1)
# A running benefit changes its name on these days (a new spell starts).
BENEFIT_RENAMES: tuple[tuple[date, str, str], ...] = (
    (SHO_YDELSE_FROM, INTEGRATIONSYDELSE, SHO_YDELSE),
    (KONTANTHJAELP_FROM, SHO_YDELSE, KONTANTHJAELP),
)

# Share self-supporting (job or education) after t years in Denmark, by sex (3.4). The
# level after 3 years is the ministerial series (men 49-61 %, women 14-20 % in 2017-2019:
# 55 / 18); after 5 years the 2015 cohort (men 56 %, women 20 %) and the 3-6-year
# cross-section (60 / 24): 58 / 22; after 10 years the 6-10-year cross-section (men > 60,
# women 37): 62 / 38. The shape of the first two years is the 2011 cohort's
# (17 / 22 / 29 % after 1 / 2 / 3 years) applied to the 3-year level.
EMPLOYMENT_CURVE: Mapping[str, tuple[tuple[float, float], ...]] = {
    Sex.MALE: ((0, 0.0), (1, 0.32), (2, 0.42), (3, 0.55), (5, 0.58), (10, 0.62)),
    Sex.FEMALE: ((0, 0.0), (1, 0.11), (2, 0.14), (3, 0.18), (5, 0.22), (10, 0.38)),
}
# Family reunified to refugees reach 25 % after 3 years where refugees reach 29 % (3.4).
FAMILY_EMPLOYMENT_FACTOR = 25 / 29
# Chosen: who goes into education rather than a job when they become self-supporting.
EDUCATION_SHARE_UNDER_30 = 0.35
EDUCATION_SHARE_OVER_30 = 0.08

# Education of adults outside the exact Horsens table: the 2015 survey of 1,044 refugees
# (3.5): basic schooling or upper secondary 75 % (none of the Horsens categories), vocational
# 10 %, higher 13 %, split short/medium/long as in the Horsens table (14 : 4 : 3).
EDUCATION_WEIGHTS: tuple[tuple[str, float], ...] = (
    (EducationLevel.NONE, 77.0),
    (EducationLevel.VOCATIONAL, 10.0),
    (EducationLevel.SHORT_HIGHER, 13 * 14 / 21),
    (EducationLevel.MEDIUM_HIGHER, 13 * 4 / 21),
    (EducationLevel.LONG_HIGHER, 13 * 3 / 21),
)

# Countries of origin. 2014-2016 follow the 2015 grants: 57 % Syrians, about 2,400 of
# 10,849 Eritreans (3.2); then Afghans, Iranians, Iraqis, Somalis and stateless persons in
# chosen shares. Later years: Syrians, Eritreans and Afghans the largest groups (3.3),
# shares chosen.
ORIGINS: tuple[tuple[int, tuple[tuple[str, float], ...]], ...] = (
    (
        2016,
        (("SY", 55), ("ER", 22), ("AF", 6), ("IR", 4), ("IQ", 4), ("SO", 3), ("XX", 6)),
    ),
    (
        AS_OF.year,
        (
            ("ER", 24),
            ("SY", 22),
            ("AF", 16),
            ("IR", 8),
            ("IQ", 6),
            ("SO", 8),
            ("XX", 6),
            ("CD", 5),
            ("SD", 5),
        ),
    ),
)

# Household shapes of the refugees housed in 2014 (3.6): about half couples, 27 % single
# men, 9 % single women; the rest single parents. Children per family: chosen.
SINGLE_MAN, SINGLE_WOMAN, COUPLE = 0.27, 0.09, 0.50
UNACCOMPANIED_SHARE = 0.02  # chosen
CHILDREN_OF_COUPLE: tuple[tuple[int, float], ...] = (
    (0, 0.25),
    (1, 0.2),
    (2, 0.25),
    (3, 0.15),
    (4, 0.1),
    (5, 0.05),
)
# Adults' age on arrival (chosen: refugees are young).
ADULT_AGES: tuple[tuple[tuple[int, int], float], ...] = (
    ((18, 24), 0.25),
    ((25, 34), 0.40),
    ((35, 44), 0.20),
    ((45, 58), 0.15),
)
OLDEST_CHILD = 16  # children are at most 16 on arrival, so still children a year later
PARENT_GAP = 20  # years between a parent's and a child's age, at least
REUNIFICATION_WAIT = timedelta(days=90)  # a family arrives at least this long after

# Synthetic names by the language of the country of origin.

# --- Arrivals outside the refugee flows (chosen) -------------------------------------------
# Other family reunification (introduktionsprogram) and other immigrants in the target
# group (introduktionsforløb) that reach a jobcenter's integration caseload, per year for
# the whole country. No source gave them; chosen modest so that refugees stay the larger
# part of the registry in 2014-2019.
NATIONAL_FAMILY_OTHER = 600
NATIONAL_OTHER_IMMIGRANT = 400
FAMILY_OTHER_ORIGINS: tuple[tuple[str, float], ...] = (
    ("TR", 25),
    ("PK", 15),
    ("TH", 15),
    ("PH", 15),
    ("IQ", 10),
    ("SO", 10),
    ("AF", 10),
)
OTHER_IMMIGRANT_ORIGINS: tuple[tuple[str, float], ...] = (
    ("IN", 25),
    ("PH", 20),
    ("UA", 20),
    ("TR", 15),
    ("VN", 10),
    ("IR", 10),
)
# Family reunified to others: 42 / 51 / 54 % employed after 1 / 2 / 3 years (2011
# arrivals, 3.4), no split by sex in the source; then chosen: 58 % after 5, 62 % after 10.
# Other immigrants follow the same curve (chosen).
OTHERS_CURVE: tuple[tuple[float, float], ...] = (
    (0, 0.0),
    (1, 0.42),
    (2, 0.51),
    (3, 0.54),
    (5, 0.58),
    (10, 0.62),
)

# --- Churn between benefit and self-support (chosen) ---------------------------------------
# The status of an adult is drawn month by month: self-supporting in month t when
# Phi(z_t) < share(t), with z an AR(1) Gaussian process of monthly correlation CHURN_RHO.
# Each month's share therefore equals the curve's exactly (in expectation), while people
# move in and out of work: the larger rho, the longer the spells.
CHURN_RHO = 0.9
MONTH_DAYS = 30  # a "month" of the status process
# At 18, a child who arrived: share self-supporting (education or job), chosen.
AT_EIGHTEEN_SELF_SUPPORTING = 0.75
AT_EIGHTEEN_EDUCATION = 0.8  # of those self-supporting at 18-21, in education (chosen)

# --- Programmes (1.2, 1.3, 1.5) -----------------------------------------------------------
# Adults (18+ when the municipality takes over) get the programme of their arrival
# source; the municipality takes over on the arrival date. Maximum 5 years (1.3).
PROGRAMME_OF_SOURCE: Mapping[str, str] = {
    ArrivalSource.QUOTA_REFUGEE: ProgrammeKind.SELF_SUPPORT,
    ArrivalSource.ASYLUM: ProgrammeKind.SELF_SUPPORT,
    ArrivalSource.FAMILY_REUNIFIED_REFUGEE: ProgrammeKind.SELF_SUPPORT,
    ArrivalSource.MOVED: ProgrammeKind.SELF_SUPPORT,  # the movers are refugee households
    ArrivalSource.FAMILY_REUNIFIED_OTHER: ProgrammeKind.INTRODUCTION,
    ArrivalSource.OTHER_IMMIGRANT: ProgrammeKind.INTRODUCTION_COURSE,
}
PROGRAMME_YEARS = 5
# Chosen: the programme ends once the person has been self-supporting this long unbroken.
PROGRAMME_ENDS_AFTER_SELF_SUPPORT = timedelta(days=183)

# --- Danish education (1.6, 3.5) -----------------------------------------------------------
# Track by schooling: DU1 39 %, DU2 51 %, DU3 10 % of 2014's students (3.5). The split by
# education level is chosen so that it gives about these shares for the refugees'
# education mix: none 50/50/0, vocational 0/80/20, higher 0/40/60.
TRACK_BY_EDUCATION: Mapping[str, tuple[tuple[str, float], ...]] = {
    EducationLevel.NONE: ((DanishTrack.DU1, 0.5), (DanishTrack.DU2, 0.5)),
    EducationLevel.VOCATIONAL: ((DanishTrack.DU2, 0.8), (DanishTrack.DU3, 0.2)),
    EducationLevel.SHORT_HIGHER: ((DanishTrack.DU2, 0.4), (DanishTrack.DU3, 0.6)),
    EducationLevel.MEDIUM_HIGHER: ((DanishTrack.DU2, 0.4), (DanishTrack.DU3, 0.6)),
    EducationLevel.LONG_HIGHER: ((DanishTrack.DU2, 0.4), (DanishTrack.DU3, 0.6)),
}
# Referral within 1 month of the takeover (§ 21, 1.3): chosen 92 % on time (5-30 days),
# 8 % late (31-120 days), so the platform's late-referral flag has cases.
REFERRED_LATE_SHARE = 0.08
# Chosen: months per module (DU1 slowest), and the share who stop before the last module.
MONTHS_PER_MODULE: Mapping[str, int] = {
    DanishTrack.DU1: 8,
    DanishTrack.DU2: 6,
    DanishTrack.DU3: 4,
}
STOPS_EARLY_SHARE = 0.2
# 62 % of programme students pass a Danish test within 5 years (integrationsbarometer 3.3,
# 2.2): with 20 % stopping early, 78 % of those who reach the last module pass.
PASSES_SHARE = 0.78
# DU3: chosen 25 % of those who pass take module 6 and Studieprøven instead of PD3.
STUDIEPROEVEN_SHARE = 0.25
# The final tests are held twice a year, May/June and November/December (1.6): a test is
# passed on a day of the first session after the last module is done.
TEST_SESSIONS: tuple[tuple[int, int, int], ...] = ((6, 1, 20), (12, 1, 15))  # month, days
FINAL_TEST: Mapping[str, tuple[str, int]] = {  # the test that ends the track, its module
    DanishTrack.DU1: (DanishTestKind.PD1, 6),
    DanishTrack.DU2: (DanishTestKind.PD2, 6),
    DanishTrack.DU3: (DanishTestKind.PD3, 5),
}
