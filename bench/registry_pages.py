# SPDX-License-Identifier: MPL-2.0
"""The registry's and the plan's pages against a trivial page, side by side: `make bench-registry`.

Builds a registry in a fresh database (SQLite under /tmp unless DATABASE_URL is set): the
demo, the synthetic registry (BENCH_REGISTRY_ARGS, default the demo municipalities; e.g.
"--all --scale 20" for national scale), its plans, rule flags and indicators. Then requests, as the
Horsens caseworker, the login page (the reference), the signed-in start page (a trivial page
of the same app behind the sign-in), the caseload, the worklist, a person's page and plan and
a household page, interleaved, and prints median and p95 with their ratios to both. The
target of the registry issue: p95 at most 3x a trivial page of the same app
(docs/adr/0043-registry-pages-reference.md).



"""

import os
import sys
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.registry_db import prepare, signed_in

    registry = prepare("registry")
    import django.db
    from django.test import Client

    from bench.side_by_side import table, time_side_by_side
    from helhed.caseplans.models import Intervention, RuleFlag
    from helhed.citizens.access import persons_visible_to
    from helhed.citizens.models import Person, StatusSpell
    from helhed.organisations.models import User

    caseworker = User.objects.get(username="horsens-sagsbehandler")
    staff = signed_in("horsens-sagsbehandler")
    public = Client()
    # the person with the most interventions in the caseworker's caseload, and a household
    visible = persons_visible_to(caseworker)
    flagged = RuleFlag.objects.filter(person__in=visible.values("pk"), resolved_at__isnull=True)
    person = flagged.first().person if flagged.exists() else visible.first()  # type: ignore[union-attr]
    assert person is not None
    household = visible.filter(household__isnull=False).first()
    assert household is not None
    pages = {
        "reference: login page": lambda: public.get("/log-ind/").status_code,
        # a trivial page of the same app behind the sign-in: the caseworker's start page
        # (session, user, roles, second factor, the base template; no registry data)
        "signed-in start page": lambda: staff.get("/app/").status_code,
        "caseload": lambda: staff.get("/app/borgere/").status_code,
        "worklist (own)": lambda: staff.get("/app/arbejdsliste/").status_code,
        "worklist (departments)": lambda: staff.get("/app/arbejdsliste/?vis=afdeling").status_code,
        "person page": lambda: staff.get(f"/app/borgere/{person.id}/").status_code,
        "person plan": lambda: staff.get(f"/app/borgere/{person.id}/plan/").status_code,
        "household page": lambda: (
            staff.get(f"/app/husstande/{household.household_id}/").status_code
        ),
    }
    timings = time_side_by_side(pages, rounds=ROUNDS)
    vendor = django.db.connection.vendor
    source = (
        f"reused {registry.reused}"
        if registry.reused
        else f"built in {registry.built_seconds:.0f} s"
    )
    print(
        f"{ROUNDS} interleaved rounds, {vendor}, "
        f"registry {' '.join(registry.args) or '(demo)'}: "
        f"{Person.objects.count()} persons, {StatusSpell.objects.count()} status spells, "
        f"{Intervention.objects.count()} interventions, "
        f"{RuleFlag.objects.filter(resolved_at__isnull=True).count()} open flags "
        f"({source})\n"
    )
    print(table(timings, "reference: login page", "signed-in start page"))


if __name__ == "__main__":
    main()
