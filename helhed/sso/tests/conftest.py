# SPDX-License-Identifier: MPL-2.0
"""Fixtures for single sign-on: Helhed's SP key pair, a loopback SAML identity provider
configured for Horsens (the own municipality), and the job functions mapped to roles."""

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import Municipality
from helhed.sso.configuration import saml_provider_configure, sso_role_map
from helhed.sso.tests.keys import make_key_pair
from helhed.sso.tests.oidc_op import (
    CASEWORKER_ROLE,
    CLIENT_ID,
    CLIENT_SECRET,
    MANAGER_ROLE,
    LoopbackOp,
)
from helhed.sso.tests.saml_idp import CVR_HORSENS, LEDER, SAGSBEHANDLER, LoopbackIdp

SP_ENTITY_ID = "https://helhed.example/saml/horsens"


@pytest.fixture
def sp_keys(tmp_path: Path, settings: Any) -> None:
    keys = make_key_pair(tmp_path / "sp", "helhed-sp")
    settings.HELHED_SAML_SP_KEY_FILE = str(keys.key_file)
    settings.HELHED_SAML_SP_CERT_FILE = str(keys.cert_file)


@pytest.fixture
def role_mappings(own_municipality: Municipality) -> None:
    sso_role_map(
        municipality=own_municipality,
        value=SAGSBEHANDLER,
        role="caseworker",
        department_name="Jobcenter",
    )
    sso_role_map(municipality=own_municipality, value=LEDER, role="manager")


@pytest.fixture
def saml_idp(
    tmp_path: Path, own_municipality: Municipality, sp_keys: None, role_mappings: None
) -> Iterator[LoopbackIdp]:
    """Horsens' identity provider, running on loopback and trusting Helhed's metadata."""
    with LoopbackIdp(tmp_path / "idp") as idp:
        saml_provider_configure(
            municipality=own_municipality,
            metadata_xml=idp.metadata_xml(),
            sp_entity_id=SP_ENTITY_ID,
            cvr=CVR_HORSENS,
        )
        metadata = Client().get(reverse("sso:saml_metadata", kwargs={"slug": "horsens"}))
        assert metadata.status_code == 200
        idp.trust_sp(metadata.content.decode())
        yield idp


@pytest.fixture
def oidc_op(
    own_municipality: Municipality, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LoopbackOp]:
    """Horsens' OpenID provider on loopback, configured through `manage.py sso_configure`
    (which reads the provider's discovery document)."""
    with LoopbackOp() as op:
        monkeypatch.setenv("HORSENS_OIDC_SECRET", CLIENT_SECRET)
        call_command(
            "sso_configure",
            "oidc",
            "--municipality=horsens",
            f"--issuer={op.issuer}",
            f"--client-id={CLIENT_ID}",
            "--client-secret-env=HORSENS_OIDC_SECRET",
            stdout=io.StringIO(),
        )
        sso_role_map(
            municipality=own_municipality,
            value=CASEWORKER_ROLE,
            role="caseworker",
            department_name="Jobcenter",
        )
        sso_role_map(municipality=own_municipality, value=MANAGER_ROLE, role="manager")
        yield op
