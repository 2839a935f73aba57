# SPDX-License-Identifier: MPL-2.0
"""The demo's hearing: Furesø's integration policy 2018-2021 was in public hearing from
7 August 2018 to and including 28 August 2018 (seeds/000: "Borgerinddragelse"). Before
it, the city council held a citizen dialogue meeting on 25 April 2018, and an earlier
draft was discussed in the Integration Council, whose suggestions were "either
incorporated in the policy or passed on to the administration". The hearing is recorded
on the version that went through it, with that input registered by the policy officer
and one response from the public page. Idempotent: a policy with a hearing is left as is.
"""

from datetime import datetime

from helhed.demo.loader import Writer
from helhed.hearings.danish_time import DANISH
from helhed.hearings.models import Hearing, Source
from helhed.hearings.services import (
    disposition_set,
    hearing_create,
    hearing_start,
    response_register,
    response_submit,
)
from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion

OPENS = datetime(2018, 8, 7, 0, 0, tzinfo=DANISH)
CLOSES = datetime(2018, 8, 29, 0, 0, tzinfo=DANISH)  # to and including 28 August


def load_demo_hearings(*, stdout: Writer | None = None) -> None:
    officer = User.objects.filter(username="furesoe-politik").first()
    version = (
        PolicyVersion.objects.filter(
            policy__municipality__slug="furesoe", transitions__to_status="hearing"
        )
        .order_by("number")
        .first()
    )
    if officer is None or version is None or Hearing.objects.filter(version=version).exists():
        return  # silent, so that a second run of load_demo still writes one line
    hearing = hearing_create(
        actor=officer,
        version=version,
        title="Høring over forslag til integrationspolitik 2018-2021",
        description=(
            "Forslaget til integrationspolitikken er i høring fra den 7. august 2018 til og "
            "med den 28. august 2018."
        ),
        opens_at=OPENS,
        closes_at=CLOSES,
    )
    hearing_start(actor=officer, hearing=hearing, now=OPENS)
    meeting = response_register(
        actor=officer,
        hearing=hearing,
        source=Source.DIALOGUE_MEETING,
        section="",
        author_name="Borgerdialogmøde om integrationsindsatsen",
        received_at=datetime(2018, 4, 25, 19, 0, tzinfo=DANISH),
        text=(
            "Demo: I tråd med Furesømodellen for borgerinddragelse holdt byrådet et "
            "borgerdialogmøde om integrationsindsatsen den 25. april 2018, hvor deltagerne "
            "kom med konkrete forslag og ideer til kommunens integrationsindsats."
        ),
    ).response
    council = response_register(
        actor=officer,
        hearing=hearing,
        source=Source.INTEGRATION_COUNCIL,
        section="",
        author_name="Integrationsrådet",
        received_at=datetime(2018, 6, 1, 12, 0, tzinfo=DANISH),
        text=(
            "Demo: Et tidligere udkast af politikken har været til drøftelse i "
            "Integrationsrådet. Rådets forslag er enten indarbejdet i politikken eller "
            "videregivet til forvaltningen."
        ),
    ).response
    area = version.focus_areas.order_by("order").values_list("id", flat=True)
    citizen = response_submit(
        hearing=hearing,
        section=f"focus_area:{area[3]}" if len(area) > 3 else "",
        author_name="Demo: En borger i Farum",
        email="borger@example.org",
        text="Demo: Foreningerne kan gøre mere for at byde nye borgere velkommen.",
        consent_to_publication=True,
        now=datetime(2018, 8, 14, 10, 0, tzinfo=DANISH),
    ).response
    disposition_set(
        actor=officer,
        response=council,
        outcome="passed_on",
        reason="Demo: Rådets forslag om konkrete indsatser er videregivet til forvaltningen "
        "til handlingsplanen.",
    )
    disposition_set(
        actor=officer,
        response=meeting,
        outcome="noted",
        reason="Demo: Forslagene indgik i kvalificeringen af beslutningsgrundlaget.",
    )
    disposition_set(
        actor=officer,
        response=citizen,
        outcome="passed_on",
        reason="Demo: Forslaget er givet videre til handlingsplanens indsats for foreningslivet.",
    )
    if stdout is not None:
        stdout.write("Demo hearings: created 1 hearing with 3 responses.\n")
