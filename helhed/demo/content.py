# SPDX-License-Identifier: MPL-2.0
"""The demo content: two municipalities and their integration policies, as plain data.

The policy texts are copied word for word from the two source documents in
`shared/seeds/`:

- Furesø Kommune, committee case "Drøftelse: Integrationspolitik 2018-2021" (Sagsnr. 18/12386).
- Horsens Kommune, "Integrationspolitik i Horsens Kommune - En beskæftigelses- og
  helhedsorienteret tilgang", draft for hearing, 2016 (pages 1-19).

The Horsens source is a slide deck whose bullet points were flattened into running text;
where a slide had several bullet points they are kept on separate lines here, with the
words unchanged. A field the sources say nothing about is left empty. The demo users are
invented; they exist only so that every role can be tried.

`loader.load_demo` writes this through the services; `manage.py demo_logins` prints the
logins from `DEMO_LOGINS` so the README table and the data cannot drift apart.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from helhed.organisations.models import DepartmentKind, Role
from helhed.organisations.second_factor import PERSON_DATA_ROLES
from helhed.policies.models import (
    Comparator,
    InitiativeStatus,
    Status,
    TargetGroupEntry,
    Unit,
)

# A published demo password, not a secret.
DEMO_PASSWORD = "helhed-demo"  # noqa: S105
# The demo's one TOTP key, published too: every demo user whose role needs a second factor
# has a confirmed authenticator with this key, so that any authenticator app (or
# `oathtool --totp -b KEY`) gives their codes. As base32: see DEMO_TOTP_SECRET.
DEMO_TOTP_KEY = b"helhed-demo-totp-key".hex()


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    kind: str


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str
    first_name: str
    last_name: str
    department: str | None


@dataclass(frozen=True)
class TargetSpec:
    description: str
    indicator_key: str
    comparator: str
    value: Decimal
    unit: str
    deadline: date


@dataclass(frozen=True)
class ObjectiveSpec:
    text: str
    targets: tuple[TargetSpec, ...] = ()


@dataclass(frozen=True)
class InitiativeSpec:
    title: str
    description: str
    owner_department: str | None
    start_date: date | None
    status: str
    progress: int
    end_date: date | None = None


@dataclass(frozen=True)
class FocusAreaSpec:
    title: str
    description: str = ""
    objectives: tuple[ObjectiveSpec, ...] = ()
    initiatives: tuple[InitiativeSpec, ...] = ()


@dataclass(frozen=True)
class ValueSpec:
    name: str
    description: str


@dataclass(frozen=True)
class TargetGroupSpec:
    kind: str
    text: str


@dataclass(frozen=True)
class TransitionSpec:
    to_status: str
    effective_on: date | None
    note: str


@dataclass(frozen=True)
class PolicySpec:
    title: str
    period_start: int
    period_end: int
    subtitle: str = ""
    introduction: str = ""
    vision: str = ""
    values_introduction: str = ""
    target_group_description: str = ""
    target_groups: tuple[TargetGroupSpec, ...] = ()
    values: tuple[ValueSpec, ...] = ()
    focus_areas: tuple[FocusAreaSpec, ...] = ()
    strategic_objectives: tuple[ObjectiveSpec, ...] = ()
    lifecycle: tuple[TransitionSpec, ...] = ()


@dataclass(frozen=True)
class MunicipalitySpec:
    kommunekode: str
    name: str
    slug: str
    departments: tuple[DepartmentSpec, ...]
    users: tuple[UserSpec, ...]
    policy: PolicySpec

    @property
    def policy_officer(self) -> UserSpec:
        """The demo user who writes and moves the policy through its lifecycle."""
        return next(u for u in self.users if u.role == Role.POLICY_OFFICER)


# --- Departments and users (the same for both municipalities) ---------------------------

JOBCENTER = "Jobcenter"
ADMINISTRATION = "Forvaltningen"

DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(JOBCENTER, DepartmentKind.JOBCENTER),
    DepartmentSpec("Dagtilbud", DepartmentKind.DAYCARE),
    DepartmentSpec("Skoler", DepartmentKind.SCHOOL),
    DepartmentSpec("Sprogcenter", DepartmentKind.LANGUAGE_CENTRE),
    DepartmentSpec("Boligsekretariatet", DepartmentKind.HOUSING),
    DepartmentSpec("Kultur og fritid", DepartmentKind.CULTURE_LEISURE),
    DepartmentSpec(ADMINISTRATION, DepartmentKind.ADMINISTRATION),
)

# (name in the username, role, department or None), one demo user per role.
ROLE_USERS: tuple[tuple[str, str, str | None], ...] = (
    ("admin", Role.ADMINISTRATOR, ADMINISTRATION),
    ("politik", Role.POLICY_OFFICER, ADMINISTRATION),
    ("sagsbehandler", Role.CASEWORKER, JOBCENTER),
    # a caseworker of daycare, who receives the Jobcenter's referrals of young children
    ("dagtilbud", Role.CASEWORKER, "Dagtilbud"),
    ("leder", Role.MANAGER, JOBCENTER),
    ("politiker", Role.POLITICIAN, None),
    # the data protection officer (databeskyttelsesrådgiver): the audit log, access requests
    ("dpo", Role.DATA_PROTECTION_OFFICER, ADMINISTRATION),
)


def _users(slug: str, names: dict[str, tuple[str, str]]) -> tuple[UserSpec, ...]:
    return tuple(
        UserSpec(
            username=f"{slug}-{rolename}",
            role=role,
            first_name=names[rolename][0],
            last_name=names[rolename][1],
            department=department,
        )
        for rolename, role, department in ROLE_USERS
    )


# --- Furesø Kommune ----------------------------------------------------------------------

FURESOE_POLICY = PolicySpec(
    title="Integrationspolitik",
    period_start=2018,
    period_end=2021,
    introduction=(
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
    ),
    vision="Vi skaber løsninger sammen",
    values_introduction=(
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
    target_group_description=(
        "Integrationspolitikken tager udgangspunkt i et værdigrundlag, hvor integration i "
        "Furesø Kommune omhandler alle tilflyttere til kommunen, og integration handler om at "
        "føle sig velkommen i Furesø."
    ),
    target_groups=(
        TargetGroupSpec(TargetGroupEntry.Kind.INCLUDED, "Alle tilflyttere til kommunen"),
    ),
    # The source names the five main areas but gives no values, objectives or initiatives
    # ("For hvert fokusområde er der fastsat målsætninger" - they are in the policy
    # document, which is not among the sources).
    focus_areas=(
        FocusAreaSpec("Flere borgere skal være i job, uddannelse og i beskæftigelse"),
        FocusAreaSpec("En integrationsindsats, der har fokus på hele familien"),
        FocusAreaSpec("Gensidigt medborgerskab og naboskab med danskere i Furesø Kommune"),
        FocusAreaSpec("Flere borgere skal deltage aktivt i foreningslivet"),
        FocusAreaSpec("Aktiv inddragelse af forældre i dagtilbud og folkeskolen"),
    ),
    lifecycle=(
        TransitionSpec(
            Status.HEARING,
            date(2018, 8, 7),
            "I høring fra den 7. august 2018 til og med den 28. august 2018.",
        ),
        TransitionSpec(
            Status.ADOPTED,
            None,
            # The source ends before the city council's decision: the adoption is the demo's
            # assumption, and the note says so.
            "Demo: Kilden slutter med fagudvalgenes drøftelse den 14-08-2018; forvaltningen "
            "forventede behandling i Byrådet i oktober 2018. Vedtagelsen og dens dato er ikke "
            "oplyst i kilden.",
        ),
    ),
)

FURESOE = MunicipalitySpec(
    kommunekode="190",
    name="Furesø Kommune",
    slug="furesoe",
    departments=DEPARTMENTS,
    users=_users(
        "furesoe",
        {
            "admin": ("Mette", "Lund"),
            "politik": ("Anders", "Holm"),
            "sagsbehandler": ("Louise", "Kjær"),
            "dagtilbud": ("Maria", "Berg"),
            "leder": ("Henrik", "Dahl"),
            "politiker": ("Birgitte", "Friis"),
            "dpo": ("Karen", "Holm"),
        },
    ),
    policy=FURESOE_POLICY,
)


# --- Horsens Kommune ---------------------------------------------------------------------

HORSENS_DEADLINE = date(2020, 12, 31)

ONE_MONTH_RULE = "Senest en måned efter boligplacering er borgeren i gang med den rette indsats."

RESULT_TARGET = (
    "Mindst 45 procent af kontanthjælpsmodtagerne, der har været omfattet af "
    "integrationsprogrammet i mere end 1 år, skal være selvforsørgende i form af arbejde "
    "eller uddannelse."
)

INDUSTRY_SECTORS: tuple[str, ...] = (
    "Fødevareindustri",
    "Detailbranchen",
    "Rengøring",
    "Bygge og anlæg",
    "Restauranter, køkken og kantine",
    "Pleje og omsorg",
    "Transport",
)

BRANCHEPAKKEINDSATS = InitiativeSpec(
    title="Branchepakkeindsats",
    description=(
        "Fokus på branchepakkeindsats: Målrettede virksomhedsforløb med faglig og sproglig "
        "opkvalificering: tilrettelagt efter efterspørgslen på arbejdskraft og efter "
        "målgruppen af flygtninge og familiesammenførte til flygtninge"
        "\n\n"
        "På baggrund af LG Insights arbejdsmarkedsanalyse af Horsens Kommune, målrettes "
        "indsatsen følgende delbrancher:\n" + "\n".join(INDUSTRY_SECTORS) + "\n\n"
        "Indsatsen igangsættes januar 2016"
    ),
    owner_department=JOBCENTER,
    start_date=date(2016, 1, 1),
    status=InitiativeStatus.IN_PROGRESS,
    progress=0,
)

HORSENS_POLICY = PolicySpec(
    title="Integrationspolitik i Horsens Kommune",
    subtitle="En beskæftigelses- og helhedsorienteret tilgang",
    period_start=2016,
    period_end=2020,
    # 2) Ramme for integrationspolitikken i Horsens Kommune
    introduction=(
        "En ny tilgang til integrationsindsatsen: Fokus på beskæftigelse og jobrettet "
        "uddannelse, da dette er vejen til god integration\n"
        "Kommunens integrationsindsats er en lille del af den integration, der sker i "
        "civilsamfundet\n"
        "En vellykket integration stiller krav til både borgeren og civilsamfundet: "
        "Integration sker i civilsamfundet. Integrationsindsatsen skal løftes i samarbejde "
        "mellem kommunen, lokalbefolkningen, frivillige, virksomheder og "
        "flygtninge/indvandrere selv."
    ),
    # 3) Horsens Kommunes vision for integrationspolitikken
    vision=(
        "Integration indbefatter rettigheder og ansvar: Horsens Kommune sætter borgeren i "
        "centrum og forventer, at den enkelte tager ansvar for eget liv og udnytter egne "
        "evner. Alle flygtninge og indvandrere i Horsens Kommune skal være selvforsørgende og "
        "aktive medborgere forstået som borgere, der er i arbejde eller uddannelse, har nogle "
        "grundlæggende danskkundskaber og deltager i daginstitutions- og skole-, kultur- og "
        "fritidslivet omkring dem."
    ),
    # 4) Overordnede værdier for integrationsindsatsen
    values_introduction="Integrationspolitikken tager udgangspunkt i Horsens Kommunes værdier",
    # 2a) Målgruppen for integrationspolitikken
    target_group_description=(
        "Målgruppen for integrationspolitikken er flygtninge, indvandrere og "
        "familiesammenførte børn og voksne samt efterkommere heraf i Horsens Kommune. "
        "(Målgruppen benævnes flygtninge og indvandrere)\n"
        "Undtaget fra målgruppen er som hovedregel: Arbejdstagere fra EU-lande og andre "
        "vestlige lande"
    ),
    target_groups=(
        TargetGroupSpec(TargetGroupEntry.Kind.INCLUDED, "Flygtninge"),
        TargetGroupSpec(TargetGroupEntry.Kind.INCLUDED, "Indvandrere"),
        TargetGroupSpec(TargetGroupEntry.Kind.INCLUDED, "Familiesammenførte børn og voksne"),
        TargetGroupSpec(
            TargetGroupEntry.Kind.INCLUDED,
            "Efterkommere af flygtninge, indvandrere og familiesammenførte",
        ),
        TargetGroupSpec(
            TargetGroupEntry.Kind.EXCLUDED, "Arbejdstagere fra EU-lande og andre vestlige lande"
        ),
    ),
    values=(
        ValueSpec(
            "Helhed",
            "Integrationsindsatsen er helhedsorienteret og foregår i et tværfagligt samspil "
            "både internt i kommunen og eksternt med andre aktører, herunder virksomheder og "
            "civilsamfundet.",
        ),
        ValueSpec(
            "Resultat",
            "Integrationsindsatsen skal understøtte visionen om, at alle flygtninge og "
            "indvandrere i kommunen bliver selvforsørgende, aktive medborgere.",
        ),
        ValueSpec(
            "Respekt",
            "Alle flygtninge og indvandrere skal have samme muligheder som kommunens øvrige "
            "borgere for at indgå på arbejdsmarkedet, i uddannelsessystemet og som aktive "
            "medborgere i samfundet.",
        ),
        ValueSpec(
            "Kvalitet",
            "Integrationsindsatsen skal bygge på ny viden og evidens, levere høj kvalitet og "
            "service, der understøtter visionen om selvforsørgelse, og klart kommunikere "
            "kommunens integrationspolitik.",
        ),
    ),
    focus_areas=(
        # 5) Indsatsområde: Civilsamfundet
        FocusAreaSpec(
            "Civilsamfundet",
            description=(
                "Integrationsopgaven skal løftes i flok i Horsens Kommune: Horsens Kommune "
                "ønsker en samarbejdskultur, hvor borgere, lokale ildsjæle, organisationer, "
                "foreninger, erhvervsliv og kommune er fælles om at løse samfundets "
                "udfordringer og realisere potentialerne."
            ),
            objectives=(
                ObjectiveSpec(
                    "Samfundets civilaktører skal engageres i integrationsindsatsen og "
                    "medvirke til at opbygge et aktivt medborgerskab blandt flygtninge og "
                    "indvandrere."
                ),
            ),
        ),
        # 6) Indsatsområde: Beskæftigelse
        FocusAreaSpec(
            "Beskæftigelse",
            description=(
                "Integrationsindsatsen har fokus på beskæftigelse, da beskæftigelse er vejen "
                "til god integration"
            ),
            objectives=(
                ObjectiveSpec(
                    "Kommunen skal understøtte, at borgeren bliver selvforsørgende og borgeren "
                    "skal selv tage ansvar for egen situation"
                ),
                ObjectiveSpec(
                    ONE_MONTH_RULE,
                    targets=(
                        TargetSpec(
                            description=ONE_MONTH_RULE,
                            indicator_key="company_intervention_within_one_month",
                            comparator=Comparator.AT_LEAST,
                            value=Decimal(100),
                            unit=Unit.PERCENT,
                            deadline=HORSENS_DEADLINE,
                        ),
                    ),
                ),
            ),
            initiatives=(BRANCHEPAKKEINDSATS,),
        ),
        # 7) Indsatsområde: Dagtilbud, skole og uddannelse
        FocusAreaSpec(
            "Dagtilbud, skole og uddannelse",
            description=(
                "Dagtilbud, skole og uddannelse fremmer integrationen: Skole og dagtilbud er "
                "vigtige integrationskanaler, da de bidrager til den enkeltes faglige og "
                "personlige udvikling\n"
                "Institutionerne er vejen til beskæftigelse og dermed integration"
            ),
            objectives=(
                ObjectiveSpec(
                    "Integrationsindsatsen skal bidrage til den overordnede målsætning i "
                    "kommunen om, at alle børn, unge og voksne bliver så dygtige, som de kan."
                ),
                ObjectiveSpec(
                    "Uledsagede flygtninge under 18 år skal hurtigst muligt integreres i "
                    "kommunens dagtilbud, skoler eller uddannelsesinstitutioner"
                ),
            ),
        ),
        # 8) Indsatsområde: Bosætning (the slide itself is headed "Boligplacering")
        FocusAreaSpec(
            "Bosætning",
            description=(
                "Boligplacering af flygtninge i lokalsamfund, hvor der er dagtilbud, skole og "
                "foreningsliv, understøtter integrationen."
            ),
            objectives=(
                ObjectiveSpec(
                    "Kommunen skal koordinere boligplaceringen af flygtninge, så flygtninge får "
                    "bolig i lokalområder med etablerede og relevante tilbud jævnfør kommunens "
                    "vedtagne principper for boligplacering."
                ),
            ),
        ),
        # 9) Indsatsområde: Sprog
        FocusAreaSpec(
            "Sprog",
            description=(
                "Grundlæggende dansksproglige kompetencer er afgørende for børn, unge og "
                "voksnes muligheder for at fungere i dagtilbud, skole, uddannelse eller på "
                "arbejdsmarkedet, samt deltage i kultur- og fritidslivet."
            ),
            objectives=(
                ObjectiveSpec(
                    "Kommunen skal understøtte, at alle flygtninge og indvandrere opnår gode "
                    "danskkundskaber."
                ),
            ),
        ),
        # 10) Indsatsområde: Kultur- og fritidsliv
        FocusAreaSpec(
            "Kultur- og fritidsliv",
            description=(
                "Aktiv deltagelse i kultur- og fritidslivet er en forudsætning for god integration"
            ),
            objectives=(
                ObjectiveSpec(
                    "Kommunen skal understøtte, at børn, unge og voksne med flygtninge- og "
                    "indvandrerbaggrund deltager i foreningslivet på lige fod med alle andre. "
                    "Eksempler herpå er: at sikre, at borgerne har en nem og overskuelig "
                    "indgang til kommunen, herunder til kommunens biblioteker, og at "
                    "synliggøre potentialerne i en vellykket integration gennem kulturelle og "
                    "folkelige tiltag."
                ),
            ),
        ),
    ),
    # 11) Strategisk mål for integrationsindsatsen
    strategic_objectives=(
        ObjectiveSpec(
            "Det overordnede strategiske mål: Flere i selvforsørgelse",
            targets=(
                TargetSpec(
                    description=RESULT_TARGET,
                    indicator_key="self_support_after_one_year",
                    comparator=Comparator.AT_LEAST,
                    value=Decimal(45),
                    unit=Unit.PERCENT,
                    deadline=HORSENS_DEADLINE,
                ),
            ),
        ),
    ),
    lifecycle=(
        TransitionSpec(
            Status.HEARING,
            date(2016, 1, 13),
            "Forslag til integrationspolitik sendes til høring i fagudvalgene januar-februar 2016.",
        ),
        TransitionSpec(
            Status.ADOPTED,
            date(2016, 4, 26),
            "Byrådet den 26. april 2016 (tidsplanen for politikudvikling).",
        ),
    ),
)

HORSENS = MunicipalitySpec(
    kommunekode="615",
    name="Horsens Kommune",
    slug="horsens",
    departments=DEPARTMENTS,
    users=_users(
        "horsens",
        {
            "admin": ("Søren", "Mikkelsen"),
            "politik": ("Camilla", "Vestergaard"),
            "sagsbehandler": ("Rasmus", "Bach"),
            "dagtilbud": ("Jonas", "Skov"),
            "leder": ("Lene", "Thomsen"),
            "politiker": ("Peter", "Kirkegaard"),
            "dpo": ("Henrik", "Dam"),
        },
    ),
    policy=HORSENS_POLICY,
)


MUNICIPALITIES: tuple[MunicipalitySpec, ...] = (FURESOE, HORSENS)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    municipality: str
    password: str
    # "totp" when the role needs a second factor (the code comes from DEMO_TOTP_KEY)
    second_factor: str


def _second_factor(role: str) -> str:
    return "totp" if role in PERSON_DATA_ROLES else "-"


DEMO_LOGINS: tuple[DemoLogin, ...] = tuple(
    DemoLogin(user.username, user.role, m.name, DEMO_PASSWORD, _second_factor(user.role))
    for m in MUNICIPALITIES
    for user in m.users
)
