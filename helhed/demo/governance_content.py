# SPDX-License-Identifier: MPL-2.0
"""The demo's democratic process: committees, the Furesø committee case and both process
plans, as plain data, and their loading through the governance services.

- Furesø: the agenda item "Drøftelse: Integrationspolitik 2018-2021" (Sagsnr. 18/12386)
  word for word from `shared/seeds/000_d3e7c28f428da9c1.txt`, with the decisions of both
  committees on 14-08-2018 and its Bilag. The source gives the meetings' date only (no
  time, no place). Its process plan is what the case says happened and was planned: the
  citizen dialogue meeting on 25 April 2018, the hearing from 7 August 2018, the two
  committees on 14 August 2018, and the city council "i oktober 2018" (a month only).
- Horsens: the "Tidsplan for politikudvikling" (page 19 of
  `shared/seeds/002_136acf875534e844.txt`), each date with its committee. The grid on
  page 18 ("Tids- og procesplan for BE-udvalgets politikudvikling") lost its marks in the
  text extraction, so which month each row was marked for is not known; its
  implementation and follow-up rows, which have no dates on page 19, are left out.

The text of the Bilag line in the source is broken across two lines by the extraction
("... til behandling i (99657/18) (H)" / "1814431 fagudvalgene"): the title below joins
"fagudvalgene" back to "til behandling i", and leaves out "1814431", a number of the
extraction that is no part of the title.

Loading is idempotent: a municipality that has committees already keeps everything.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from helhed.demo.loader import Writer
from helhed.governance import services
from helhed.governance.models import (
    AgendaEntry,
    Committee,
    DatePrecision,
    Meeting,
    Milestone,
    MilestoneKind,
    Outcome,
)
from helhed.organisations.models import Municipality, User
from helhed.policies.models import Policy


@dataclass(frozen=True)
class MilestoneSpec:
    kind: str
    on: date
    committee: str | None
    description: str = ""
    precision: str = DatePrecision.DAY


@dataclass(frozen=True)
class DecisionSpec:
    committee: str
    on: date
    outcome: str
    text: str


@dataclass(frozen=True)
class ItemSpec:
    title: str
    case_number: str
    decision_authority: str
    decision_theme: str
    case_description: str
    financial_consequences: str
    citizen_involvement: str
    legal_basis: str
    next_steps: str
    recommendation: str
    decisions: tuple[DecisionSpec, ...]
    attachments: tuple[str, ...]


@dataclass(frozen=True)
class GovernanceSpec:
    kommunekode: str
    policy_officer: str
    committees: tuple[str, ...]
    city_council: str
    milestones: tuple[MilestoneSpec, ...]
    items: tuple[ItemSpec, ...] = ()


# --- Furesø Kommune ----------------------------------------------------------------------

FURESOE_EMPLOYMENT = "Udvalg for beskæftigelse og erhverv"
FURESOE_SCHOOL = "Udvalg for skole og ungdomsuddannelse"
FURESOE_MEETING = date(2018, 8, 14)

FURESOE_ITEM = ItemSpec(
    title="Drøftelse: Integrationspolitik 2018-2021",
    case_number="18/12386",
    decision_authority=FURESOE_EMPLOYMENT,
    decision_theme=(
        "Forvaltningen indstiller, at udvalget drøfter forslag til Furesø Kommunens "
        "integrationspolitik 2018-2021."
    ),
    case_description=(
        "Furesø Kommune er i gang med at udarbejde en integrationspolitik for perioden "
        "2018-2021. Forslaget er i høring fra den 7. august 2018 til og med den 28. august "
        "2018, og bliver drøftet i kommunens fagudvalg på møderne i august måned."
        "\n\n"
        "Integrationspolitikken for 2018-2021 skaber retning for kommunens kommende arbejde "
        "med integration. Formålet er, at alle instanser i kommunen samarbejder på tværs af "
        "ansvarsområder om integration og medborgerskab. Politikken lægger vægt på at fremme "
        "beskæftigelse og et aktivt medborgerskab, og den skal styrke mødet mellem kulturer "
        "og kompetencer i kommunen og skabe synergi på arbejdspladser, skoler, "
        "dagsinstitutioner, foreningslivet og i hverdagen."
        "\n\n"
        "Integrationsindsatsen skal udvikles og målrettes, så Furesø Kommune også i fremtiden "
        "kan være forgangskommune i arbejdet med integration. Ligeledes skal kommunen arbejde "
        "ud fra en helhedsorienteret indsats for den enkelte borger. Politikken skal sikre "
        "effektivitet og sammenhæng mellem de forskellige instanser, så borgerne oplever, at "
        "indsatserne er koordinerede."
        "\n\n"
        "Fem hovedområder i politikken"
        "\n\n"
        "Integrationspolitikken for 2018-2021 er inddelt i fem hovedområder:"
        "\n\n"
        "- Flere borgere skal være i job, uddannelse og i beskæftigelse\n"
        "- En integrationsindsats, der har fokus på hele familien\n"
        "- Gensidigt medborgerskab og naboskab med danskere i Furesø Kommune\n"
        "- Flere borgere skal deltage aktivt i foreningslivet\n"
        "- Aktiv inddragelse af forældre i dagtilbud og folkeskolen.\n"
        "-"
        "\n\n"
        "Inden for hvert fokusområde omfatter politikken flere indsatser, der hver især skal "
        'medvirke til at realisere kommunens overordnede vision om, at "Vi skaber løsninger '
        'sammen". For hvert fokusområde er der fastsat målsætninger, som angiver retning for '
        "politikken."
        "\n\n"
        "Værdigrundlag"
        "\n\n"
        "Integrationspolitikken tager udgangspunkt i et værdigrundlag, hvor integration i "
        "Furesø Kommune omhandler alle tilflyttere til kommunen, og integration handler om at "
        "føle sig velkommen i Furesø. I Furesø Kommune er den enkelte borgers ressourcer i "
        "fokus, og kommunen betragter mangfoldighed som en styrke. Indsatsen for at bedre "
        "integrationen handler blandt andet om at støtte den enkelte borger i at tage ansvar "
        "for eget liv, blive selvforsørgende og aktive medborgere i Furesø."
        "\n\n"
        "Overordnet set er integrationspolitikken udarbejdet på baggrund af målsætningerne i "
        "byrådets arbejdsprogram, hvor der blandt andet er fokus på, at endnu flere skal blive "
        "en del af Furesøs stærke fællesskaber."
    ),
    financial_consequences="Ingen bemærkninger",
    citizen_involvement=(
        "Forslaget til integrationspolitikken er i høring fra den 7. august 2018 til og med "
        "den 28. august 2018. I tråd med intentionerne i Furesømodellen for borgerinddragelse "
        "har byrådet afholdt et borgerdialogmøde om integrationsindsatsen den 25. april 2018. "
        "Formålet var at få kvalificeret det kommende beslutningsgrundlag ved at deltagerne "
        "kunne komme med konkrete forslag og ideer til kommunens integrationsindsats."
        "\n\n"
        "Desuden har et tidligere udkast af politikken også været til drøftelse i "
        "Integrationsrådet. Deres forslag er enten blevet indarbejdet i politikken eller "
        "videregivet til forvaltningen."
    ),
    legal_basis="Ingen bemærkninger",
    next_steps=(
        "Forvaltningen forventer, at Integrationspolitikken bliver behandlet Byrådet i oktober "
        "2018. Efterfølgende udarbejder forvaltningen en handlingsplan, der skal sikre at "
        "målsætningerne i integrationspolitikken realiseres."
    ),
    recommendation=(
        "Forvaltningen indstiller, at udvalget drøfter forslag til integrationspolitik 2018-2021."
    ),
    decisions=(
        DecisionSpec(
            FURESOE_EMPLOYMENT, FURESOE_MEETING, Outcome.DISCUSSED, "Drøftet som indstillet."
        ),
        DecisionSpec(FURESOE_SCHOOL, FURESOE_MEETING, Outcome.DISCUSSED, "Drøftet."),
    ),
    attachments=(
        "Åben Integrationspolitik 2018-2021 til behandling i fagudvalgene (99657/18) (H)",
    ),
)

FURESOE = GovernanceSpec(
    kommunekode="190",
    policy_officer="furesoe-politik",
    committees=(FURESOE_EMPLOYMENT, FURESOE_SCHOOL),
    city_council="Byrådet",
    milestones=(
        MilestoneSpec(
            MilestoneKind.CITIZEN_INVOLVEMENT,
            date(2018, 4, 25),
            "Byrådet",
            "I tråd med intentionerne i Furesømodellen for borgerinddragelse har byrådet "
            "afholdt et borgerdialogmøde om integrationsindsatsen den 25. april 2018.",
        ),
        MilestoneSpec(
            MilestoneKind.HEARING,
            date(2018, 8, 7),
            None,
            "Forslaget er i høring fra den 7. august 2018 til og med den 28. august 2018.",
        ),
        MilestoneSpec(
            MilestoneKind.COMMITTEE_TREATMENT,
            FURESOE_MEETING,
            FURESOE_EMPLOYMENT,
            "Drøftelse: Integrationspolitik 2018-2021",
        ),
        MilestoneSpec(
            MilestoneKind.COMMITTEE_TREATMENT,
            FURESOE_MEETING,
            FURESOE_SCHOOL,
            "Drøftelse: Integrationspolitik 2018-2021",
        ),
        MilestoneSpec(
            MilestoneKind.ADOPTION,
            date(2018, 10, 1),
            "Byrådet",
            "Forvaltningen forventer, at Integrationspolitikken bliver behandlet Byrådet i "
            "oktober 2018.",
            precision=DatePrecision.MONTH,
        ),
    ),
    items=(FURESOE_ITEM,),
)

# --- Horsens Kommune ---------------------------------------------------------------------

HORSENS_EMPLOYMENT = "Beskæftigelsesudvalget"
TO_DISCUSSION = "Forslag til retningslinjer for integrationspolitik sendes til drøftelse"
TO_HEARING = "Forslag til integrationspolitik sendes til høring"
TO_ADOPTION = "Forslag til integrationspolitik behandles og godkendes"

HORSENS = GovernanceSpec(
    kommunekode="615",
    policy_officer="horsens-politik",
    committees=(
        HORSENS_EMPLOYMENT,
        "Internationaliseringsudvalg",
        "Velfærds- og Sundhedsudvalget",
        "Børne- og Skoleudvalget",
        "Teknik- og Miljøudvalget",
        "Kulturudvalget",
        "Økonomi- og Erhvervsudvalget",
    ),
    city_council="Byrådet",
    milestones=(
        # guidelines for the policy, discussed: the "Fastlæggelse af politiske mål" row
        MilestoneSpec(
            MilestoneKind.POLITICAL_GOALS, date(2015, 11, 17), HORSENS_EMPLOYMENT, TO_DISCUSSION
        ),
        MilestoneSpec(
            MilestoneKind.HEARING, date(2016, 1, 13), "Internationaliseringsudvalg", TO_HEARING
        ),
        MilestoneSpec(
            MilestoneKind.HEARING, date(2016, 1, 27), "Velfærds- og Sundhedsudvalget", TO_HEARING
        ),
        MilestoneSpec(
            MilestoneKind.HEARING, date(2016, 2, 1), "Børne- og Skoleudvalget", TO_HEARING
        ),
        MilestoneSpec(
            MilestoneKind.HEARING, date(2016, 2, 2), "Teknik- og Miljøudvalget", TO_HEARING
        ),
        MilestoneSpec(MilestoneKind.HEARING, date(2016, 2, 4), "Kulturudvalget", TO_HEARING),
        MilestoneSpec(
            MilestoneKind.COMMITTEE_TREATMENT, date(2016, 3, 15), HORSENS_EMPLOYMENT, TO_ADOPTION
        ),
        MilestoneSpec(
            MilestoneKind.COMMITTEE_TREATMENT,
            date(2016, 4, 5),
            "Økonomi- og Erhvervsudvalget",
            TO_ADOPTION,
        ),
        MilestoneSpec(MilestoneKind.ADOPTION, date(2016, 4, 26), "Byrådet", TO_ADOPTION),
    ),
)

GOVERNANCE: tuple[GovernanceSpec, ...] = (FURESOE, HORSENS)


def load_governance_demo(*, stdout: Writer | None = None) -> None:
    """Create the committees, cases and process plans of municipalities that have none."""
    created = present = 0
    with transaction.atomic():
        for spec in GOVERNANCE:
            municipality = Municipality.objects.get(kommunekode=spec.kommunekode)
            if Committee.objects.filter(municipality=municipality).exists():
                present += 1
                continue
            _load(spec, municipality)
            created += 1
    if stdout is not None:
        stdout.write(
            f"Demo process: created committees, cases and process plans for {created} "
            f"municipalities; already present for {present}.\n"
        )


def _load(spec: GovernanceSpec, municipality: Municipality) -> None:
    actor = User.objects.get(username=spec.policy_officer, municipality=municipality)
    committees = {
        name: services.committee_create(actor=actor, name=name) for name in spec.committees
    }
    committees[spec.city_council] = services.committee_create(
        actor=actor, name=spec.city_council, is_city_council=True
    )
    policy = Policy.objects.filter(municipality=municipality).order_by("created_at").first()
    if policy is not None:
        for step in spec.milestones:
            services.milestone_save(
                actor=actor,
                milestone=Milestone(
                    policy=policy,
                    kind=step.kind,
                    committee=committees[step.committee] if step.committee else None,
                    date=step.on,
                    precision=step.precision,
                    description=step.description,
                ),
            )
    version = policy.versions.order_by("-number").first() if policy is not None else None
    meetings: dict[tuple[str, date], Meeting] = {}
    for item_spec in spec.items:
        item = services.agenda_item_create(
            actor=actor,
            title=item_spec.title,
            case_number=item_spec.case_number,
            decision_authority=committees[item_spec.decision_authority],
            policy_version=version,
            decision_theme=item_spec.decision_theme,
            case_description=item_spec.case_description,
            financial_consequences=item_spec.financial_consequences,
            citizen_involvement=item_spec.citizen_involvement,
            legal_basis=item_spec.legal_basis,
            next_steps=item_spec.next_steps,
            recommendation=item_spec.recommendation,
        )
        for decision in item_spec.decisions:
            key = (decision.committee, decision.on)
            if key not in meetings:
                meetings[key] = services.meeting_create(
                    actor=actor, committee=committees[decision.committee], date=decision.on
                )
            entry: AgendaEntry = services.agenda_entry_create(
                actor=actor, item=item, meeting=meetings[key]
            )
            services.decision_record(
                actor=actor, entry=entry, outcome=decision.outcome, text=decision.text
            )
        for title in item_spec.attachments:
            services.attachment_add(actor=actor, item=item, title=title, policy_version=version)
