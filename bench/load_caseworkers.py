# SPDX-License-Identifier: MPL-2.0
"""50 caseworkers at once against a real server on loopback: `make bench-load`.

The security issue's load target: 50 concurrent caseworkers for 60 s on the national-scale
registry, 0 errors, and p95 of the person page at most 3x a trivial page in the same run.

Builds (or, with BENCH_REGISTRY_DB=/path/db.sqlite3, reuses) a registry as
bench/registry_pages.py does, gives it BENCH_LOAD_USERS (50) caseworkers of Horsens'
Jobcenter with signed-in, second-factor-verified sessions, starts gunicorn on loopback
(BENCH_LOAD_WORKERS processes x BENCH_LOAD_THREADS threads) and runs one client thread per
caseworker for BENCH_LOAD_SECONDS (60): each in turn requests a person page of the
Jobcenter's caseload (audited: one event per read, committed before the answer) and the
login page (the trivial page). It prints requests, errors and the latency of each page
with the ratio of the p95s.
"""

import os
import random
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "8"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepare() -> tuple[list[str], list[str], str]:
    """The registry, the caseworkers' session keys and the persons they may open."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from helhed.citizens.access import persons_visible_to
    from helhed.organisations.models import Department, Municipality, Role, User
    from helhed.organisations.second_factor import session_mark_second_factor_verified
    from helhed.organisations.session_lifetime import session_lifetime_start
    from helhed.organisations.tests.factories import make_user

    settings.HELHED_ALLOW_DEMO = True
    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0)
    described = "reused " + os.environ.get("BENCH_REGISTRY_DB", "")
    if not os.environ.get("BENCH_REGISTRY_DB"):
        args = shlex.split(os.environ.get("BENCH_REGISTRY_ARGS", ""))
        call_command("load_demo", stdout=quiet)
        call_command("generate_registry", *args, stdout=quiet)
        call_command("generate_plans", stdout=quiet)
        call_command("flags_refresh", stdout=quiet)
        described = f"built: {' '.join(args) or '(demo)'}"
    horsens = Municipality.objects.get(slug="horsens")
    jobcenter = Department.objects.get(municipality=horsens, name="Jobcenter")
    keys = []
    for n in range(USERS):
        username = f"bench-load-{n:02d}"
        user = User.objects.filter(username=username).first() or make_user(
            municipality=horsens, roles=[Role.CASEWORKER], username=username,
            departments=[jobcenter],
        )  # fmt: skip
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session_mark_second_factor_verified(session, method="totp")
        session_lifetime_start(session)
        session.create()
        keys.append(str(session.session_key))
    first = User.objects.get(username="bench-load-00")
    persons = [str(pk) for pk in persons_visible_to(first).values_list("pk", flat=True)[:5000]]
    assert persons, "the caseworkers see no persons"
    return keys, persons, described


def _client(
    base: str, cookie: str, key: str, persons: list[str], until: float, seed: int,
    results: dict[str, list[float]], errors: list[str], lock: threading.Lock,
) -> None:  # fmt: skip
    pick = random.Random(seed)
    http = requests.Session()
    http.cookies.set(cookie, key, domain="127.0.0.1")
    turn = 0
    while time.monotonic() < until:
        if turn % 2 == 0:
            name, url = "person page", f"{base}/app/borgere/{pick.choice(persons)}/"
        else:
            name, url = "reference: login page", f"{base}/log-ind/"
        turn += 1
        started = time.perf_counter()
        try:
            status = http.get(url, allow_redirects=False, timeout=60).status_code
        except requests.RequestException as error:
            with lock:
                errors.append(f"{name}: {type(error).__name__}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            if status != 200:
                errors.append(f"{name}: HTTP {status}")
            else:
                results[name].append(elapsed)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix="helhed-bench-load-")
    reuse = os.environ.get("BENCH_REGISTRY_DB", "")
    database_url = (
        f"sqlite:///{Path(reuse).resolve()}" if reuse else f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("DATABASE_URL", database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    keys, persons, described = _prepare()
    connection.close()
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server, loopback only
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(f"{base}/log-ind/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.1)
        results: dict[str, list[float]] = {"reference: login page": [], "person page": []}
        errors: list[str] = []
        lock = threading.Lock()
        until = time.monotonic() + SECONDS
        threads = [
            threading.Thread(
                target=_client,
                args=(
                    base,
                    settings.SESSION_COOKIE_NAME,
                    key,
                    persons,
                    until,
                    n,
                    results,
                    errors,
                    lock,
                ),
            )
            for n, key in enumerate(keys)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    reference = _p95(results["reference: login page"])
    print(
        f"{USERS} caseworkers for {SECONDS:.0f} s, gunicorn {WORKERS}x{THREADS} on loopback, "
        f"{connection.vendor}, registry {described}: "
        f"{sum(len(v) for v in results.values())} answered, {len(errors)} errors\n"
    )
    print("| page | requests | median ms | p95 ms | p95 ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, values in results.items():
        p95 = _p95(values)
        print(
            f"| {name} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} | "
            f"{p95 / reference:.1f} |"
        )
    if errors:
        print("\nerrors (first 10):", *sorted(set(errors))[:10], sep="\n- ")


if __name__ == "__main__":
    main()
