# SPDX-License-Identifier: MPL-2.0
"""`manage.py sso_configure`: sets a municipality's SSO, or says why not and changes nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from helhed.organisations.models import Municipality
from helhed.sso.models import OidcProvider, SamlIdentityProvider, SsoRoleMapping
from helhed.sso.tests.oidc_op import LoopbackOp
from helhed.sso.tests.saml_idp import LoopbackIdp


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("sso_configure", *args, stdout=out)
    return out.getvalue()


def test_saml_is_set_from_a_metadata_file(own_municipality: Municipality, tmp_path: Path) -> None:
    with LoopbackIdp(tmp_path / "idp") as idp:
        metadata = tmp_path / "idp.xml"
        metadata.write_text(idp.metadata_xml(), encoding="utf-8")

        output = _run(
            "saml", "--municipality=horsens", f"--metadata-file={metadata}", "--cvr=12345678"
        )

    provider = SamlIdentityProvider.objects.get()
    assert provider.municipality == own_municipality
    assert provider.idp_entity_id == idp.entity_id
    assert provider.cvr == "12345678"
    assert idp.entity_id in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<not-metadata/>", "netop én identitetsudbyder"),
        ("this is not xml", "ikke gyldige SAML-metadata"),
    ],
)
def test_saml_with_bad_metadata_is_refused_and_nothing_is_set(
    own_municipality: Municipality, tmp_path: Path, content: str, message: str
) -> None:
    metadata = tmp_path / "idp.xml"
    metadata.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        _run("saml", "--municipality=horsens", f"--metadata-file={metadata}")

    assert message in str(refused.value)
    assert not SamlIdentityProvider.objects.exists()


def test_saml_with_a_bad_cvr_is_refused(own_municipality: Municipality, tmp_path: Path) -> None:
    with LoopbackIdp(tmp_path / "idp") as idp:
        metadata = tmp_path / "idp.xml"
        metadata.write_text(idp.metadata_xml(), encoding="utf-8")
        with pytest.raises(CommandError) as refused:
            _run("saml", "--municipality=horsens", f"--metadata-file={metadata}", "--cvr=12")

    assert "cvr: Et CVR-nummer er otte cifre." in str(refused.value)
    assert not SamlIdentityProvider.objects.exists()


def test_an_unknown_municipality_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as refused:
        _run("saml", "--municipality=nowhere", f"--metadata-file={tmp_path / 'x.xml'}")

    assert "nowhere" in str(refused.value)


def test_oidc_is_set_from_the_providers_discovery_document(
    own_municipality: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_FOR_TEST", "s3cret")
    with LoopbackOp() as op:
        _run(
            "oidc",
            "--municipality=horsens",
            f"--issuer={op.issuer}",
            "--client-id=helhed",
            "--client-secret-env=SECRET_FOR_TEST",
        )

    provider = OidcProvider.objects.get()
    assert (provider.issuer, provider.token_endpoint, provider.jwks_uri) == (
        op.issuer,
        f"{op.issuer}/token",
        f"{op.issuer}/jwks",
    )
    assert provider.client_secret == "s3cret"


def test_oidc_whose_discovery_names_another_issuer_is_refused(
    own_municipality: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_FOR_TEST", "s3cret")
    with LoopbackOp() as op:
        op.issuer = "https://op.another.example"
        with pytest.raises(CommandError) as refused:
            _run(
                "oidc",
                "--municipality=horsens",
                f"--issuer={op.http.url}",
                "--client-id=helhed",
                "--client-secret-env=SECRET_FOR_TEST",
            )

    assert "anden udsteder" in str(refused.value)
    assert not OidcProvider.objects.exists()


def test_oidc_without_the_secret_in_the_environment_is_refused(
    own_municipality: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_FOR_TEST", raising=False)

    with pytest.raises(CommandError) as refused:
        _run(
            "oidc",
            "--municipality=horsens",
            "--issuer=http://127.0.0.1:9",
            "--client-id=helhed",
            "--client-secret-env=SECRET_FOR_TEST",
        )

    assert "SECRET_FOR_TEST" in str(refused.value)
    assert not OidcProvider.objects.exists()


def test_a_role_mapping_is_set_and_set_again_without_duplicates(
    own_municipality: Municipality,
) -> None:
    for _time in range(2):
        _run(
            "role",
            "--municipality=horsens",
            "--value=x",
            "--role=caseworker",
            "--department=Jobcenter",
        )

    mapping = SsoRoleMapping.objects.get()
    assert (mapping.value, mapping.role) == ("x", "caseworker")
    assert mapping.department is not None
    assert mapping.department.name == "Jobcenter"


def test_a_role_mapping_to_a_department_of_another_municipality_is_refused(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    own_municipality.departments.filter(name="Jobcenter").delete()

    with pytest.raises(CommandError) as refused:
        _run(
            "role",
            "--municipality=horsens",
            "--value=x",
            "--role=caseworker",
            "--department=Jobcenter",
        )

    assert "Kommunen har ingen afdeling med dette navn" in str(refused.value)
    assert not SsoRoleMapping.objects.exists()
