# SPDX-License-Identifier: MPL-2.0
"""Django's admin is for the platform's superusers only (helhed/core/admin_site.py).

Municipal staff never get in, not even with is_staff set: the admin reads past the
access layer and would show every municipality's data.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessFailureLog  # type: ignore[import-untyped]
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import Municipality, User
from helhed.organisations.tests.factories import PASSWORD
from helhed.organisations.tests.sessions import login_verified
from helhed.organisations.totp import totp_device_create, totp_key_new
from helhed.policies.models import Policy, PolicyTransition, PolicyVersion
from helhed.policies.tests.factories import adopt, make_policy


def _changelist_url(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


REGISTERED_MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def staff_policy_officer(policy_officer: User) -> User:
    policy_officer.is_staff = True
    policy_officer.save(update_fields=["is_staff"])
    return policy_officer


@pytest.fixture
def policies_in_both_municipalities(policy_officer: User, other_policy_officer: User) -> None:
    """At least one object of every registered model, so each change page can be opened."""
    Group.objects.create(name="Redaktører")
    adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    make_policy(actor=other_policy_officer)
    # a failed login (django-axes' attempt and failure log) and an authenticator device
    Client().post(reverse("login"), {"username": "politik", "password": "forkert"})
    AccessFailureLog.objects.create(
        username="politik", ip_address="127.0.0.1", user_agent="test", path_info="/log-ind/"
    )
    totp_device_create(user=policy_officer, key=totp_key_new())


def test_the_admin_has_models_registered() -> None:
    labels = {m._meta.label for m in REGISTERED_MODELS}
    assert {"organisations.Municipality", "organisations.User", "policies.PolicyVersion"} <= labels


@pytest.mark.parametrize(
    "url",
    [reverse("admin:index"), *(_changelist_url(m) for m in REGISTERED_MODELS)],
)
def test_municipal_user_with_is_staff_is_sent_to_the_admin_login(
    client: Client, staff_policy_officer: User, url: str
) -> None:
    login_verified(client, staff_policy_officer)

    response = client.get(url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("admin:login")
    assert parse_qs(location.query)["next"] == [url]


def test_municipal_user_with_is_staff_who_signs_in_on_the_admin_login_still_cannot_enter(
    client: Client, staff_policy_officer: User
) -> None:
    # Django's admin login form admits any is_staff user; the site's permission check
    # is what keeps them out.
    client.post(
        reverse("admin:login"),
        {"username": "politik", "password": PASSWORD, "next": reverse("admin:index")},
    )

    for url in (reverse("admin:index"), _changelist_url(User)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response["Location"]).path == reverse("admin:login")


def test_anonymous_visitor_is_sent_to_the_admin_login(client: Client) -> None:
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("admin:login")


def test_superuser_gets_the_admin_index(client: Client, superuser: User) -> None:
    login_verified(client, superuser)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200


@pytest.mark.usefixtures("policies_in_both_municipalities")
@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda m: m._meta.label)
def test_superuser_gets_every_registered_models_changelist_and_change_page(
    client: Client, superuser: User, model: type[Model]
) -> None:
    login_verified(client, superuser)

    response = client.get(_changelist_url(model))

    assert response.status_code == 200
    obj = model._default_manager.first()
    assert obj is not None, f"no {model.__name__} to open"
    meta = model._meta
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


@pytest.mark.parametrize("model", [Policy, PolicyVersion, PolicyTransition])
def test_policies_are_view_only_in_the_admin_even_for_a_superuser(
    client: Client, superuser: User, policy_officer: User, model: type[Model]
) -> None:
    # given an adopted version
    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    objects: dict[type[Model], Model | None] = {
        Policy: version.policy,
        PolicyVersion: version,
        PolicyTransition: version.transitions.first(),
    }
    obj = objects[model]
    assert obj is not None
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    login_verified(client, superuser)
    # when the superuser tries to change, add or delete through the admin
    change = client.post(reverse(f"{prefix}_change", args=[obj.pk]), {"title": "X"})
    add = client.post(reverse(f"{prefix}_add"), {})
    delete = client.post(reverse(f"{prefix}_delete", args=[obj.pk]), {"post": "yes"})
    # then every write is refused and nothing changed
    assert change.status_code == 403
    assert add.status_code == 403
    assert delete.status_code == 403
    version.refresh_from_db()
    assert version.status == "adopted"
    assert version.title != "X"
    assert model._default_manager.filter(pk=obj.pk).exists()
    # and it can still be looked at
    assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_the_user_admin_refuses_departments_of_another_municipality(
    client: Client, superuser: User, policy_officer: User, other_municipality: Municipality
) -> None:
    # given a Horsens user and a Furesø department
    foreign = other_municipality.departments.get()
    login_verified(client, superuser)
    url = reverse("admin:organisations_user_change", args=[policy_officer.pk])
    page = client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "username": policy_officer.username,
            "municipality": str(policy_officer.municipality_id),
            "departments": [str(foreign.pk)],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "role_grants-TOTAL_FORMS": "0",
            "role_grants-INITIAL_FORMS": "0",
        }
    )
    # when the superuser saves it
    response = client.post(url, data)
    # then the form refuses it and nothing is written
    assert response.status_code == 200
    assert "departments" in response.context["adminform"].form.errors
    assert not policy_officer.departments.filter(pk=foreign.pk).exists()
