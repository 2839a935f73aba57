# SPDX-License-Identifier: MPL-2.0
"""Page benchmarks, side by side in one run: `make bench`.

Times each page against a trivial reference page (the login form) in the same process,
interleaved, and prints the median time and the ratio to the reference. Ratios are what
to compare between runs: these machines are shared and noisy.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    workdir = tempfile.mkdtemp(prefix="helhed-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from helhed.organisations.models import User
    from helhed.organisations.tests.sessions import login_verified
    from helhed.policies.models import PolicyVersion

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    staff = Client()
    login_verified(staff, User.objects.get(username="horsens-politik"))
    public = Client()
    version = PolicyVersion.objects.get(policy__municipality__slug="horsens", status="adopted")
    from django.core.cache import cache

    pdf = "/kommuner/horsens/integrationspolitik.pdf"
    pages = {
        "reference: login page": (public, "/log-ind/"),
        "home (public)": (public, "/"),
        "policy page (public)": (public, "/kommuner/horsens/integrationspolitik/"),
        "policy PDF, rendered (cache cleared)": (public, pdf),
        "policy PDF, served from cache": (public, pdf),
        "dashboard (staff)": (staff, "/app/"),
        "version page (staff)": (staff, f"/app/versioner/{version.id}/"),
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, (client, url) in pages.items():
            if "cache cleared" in name:
                cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            timings[name].append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
    reference = statistics.median(timings["reference: login page"])
    print(f"{ROUNDS} interleaved rounds, SQLite, demo content (Horsens)\n")
    print("| page | median ms | ratio to reference |")
    print("| --- | ---: | ---: |")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.1f} | {median / reference:.1f} |")


if __name__ == "__main__":
    main()
