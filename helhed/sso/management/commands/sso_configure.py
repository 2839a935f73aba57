# SPDX-License-Identifier: MPL-2.0
"""Set a municipality's single sign-on (docs/sso.md):

    manage.py sso_configure saml --municipality horsens --metadata-url https://.../metadata
    manage.py sso_configure oidc --municipality horsens --issuer https://op.example \\
        --client-id helhed --client-secret-env HELHED_OIDC_SECRET
    manage.py sso_configure role --municipality horsens \\
        --value http://helhed.dk/roles/usersystemrole/sagsbehandler/1 --role caseworker \\
        --department Jobcenter
"""

import os
from pathlib import Path
from typing import Any

import requests
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from helhed.organisations.models import Municipality, Role
from helhed.sso.configuration import oidc_provider_configure, saml_provider_configure, sso_role_map

TIMEOUT_SECONDS = 15


def _fetch(url: str) -> requests.Response:
    if not url.startswith(("https://", "http://")):
        raise CommandError(_("Give an address that starts with https://."))
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
    except requests.RequestException as error:
        raise CommandError(
            _("Could not fetch %(url)s: %(error)s") % {"url": url, "error": type(error).__name__}
        ) from None
    return response


class Command(BaseCommand):
    help = (
        "Set a municipality's single sign-on: SAML identity provider, OIDC provider, role mapping."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True)
        saml = commands.add_parser("saml", help="the SAML (OIOSAML) identity provider")
        saml.add_argument("--municipality", required=True, help="the municipality's slug")
        source = saml.add_mutually_exclusive_group(required=True)
        source.add_argument("--metadata-file")
        source.add_argument("--metadata-url")
        saml.add_argument("--sp-entity-id", default="")
        saml.add_argument("--cvr", default="")
        saml.add_argument("--label", default="")
        saml.add_argument("--disable", action="store_true")
        oidc = commands.add_parser("oidc", help="the OpenID Connect provider")
        oidc.add_argument("--municipality", required=True)
        oidc.add_argument("--issuer", required=True)
        oidc.add_argument("--client-id", required=True)
        oidc.add_argument(
            "--client-secret-env", required=True, help="environment variable holding the secret"
        )
        oidc.add_argument("--roles-claim", default="roles")
        oidc.add_argument("--label", default="")
        oidc.add_argument("--disable", action="store_true")
        role = commands.add_parser("role", help="map a job function to a Helhed role")
        role.add_argument("--municipality", required=True)
        role.add_argument("--value", required=True)
        role.add_argument("--role", required=True, choices=Role.values)
        role.add_argument("--department", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("No municipality has the address name %(slug)s.")
                % {"slug": options["municipality"]}
            )
        try:
            if options["what"] == "saml":
                self._saml(municipality, options)
            elif options["what"] == "oidc":
                self._oidc(municipality, options)
            else:
                sso_role_map(
                    municipality=municipality,
                    value=options["value"],
                    role=options["role"],
                    department_name=options["department"],
                )
                self.stdout.write(_("The job function now gives the role."))
        except ValidationError as error:
            lines = [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError(_("Nothing was changed.") + "\n" + "\n".join(lines)) from None

    def _saml(self, municipality: Municipality, options: dict[str, Any]) -> None:
        url = options["metadata_url"] or ""
        if url:
            metadata_xml = _fetch(url).text
        else:
            path = Path(options["metadata_file"])
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": path})
            metadata_xml = path.read_text(encoding="utf-8")
        provider = saml_provider_configure(
            municipality=municipality,
            metadata_xml=metadata_xml,
            metadata_url=url,
            sp_entity_id=options["sp_entity_id"],
            cvr=options["cvr"],
            label=options["label"],
            enabled=not options["disable"],
        )
        self.stdout.write(
            _("%(municipality)s logs in through %(idp)s.")
            % {"municipality": municipality.name, "idp": provider.idp_entity_id}
        )

    def _oidc(self, municipality: Municipality, options: dict[str, Any]) -> None:
        secret = os.environ.get(options["client_secret_env"], "")
        if not secret:
            raise CommandError(
                _("The environment variable %(name)s is empty.")
                % {"name": options["client_secret_env"]}
            )
        issuer = options["issuer"].rstrip("/")
        try:
            discovery = _fetch(f"{issuer}/.well-known/openid-configuration").json()
        except ValueError:
            raise CommandError(_("The provider's discovery document is not JSON.")) from None
        if not isinstance(discovery, dict) or discovery.get("issuer", "").rstrip("/") != issuer:
            raise CommandError(_("The provider's discovery document names another issuer."))
        provider = oidc_provider_configure(
            municipality=municipality,
            issuer=discovery["issuer"],
            authorization_endpoint=str(discovery.get("authorization_endpoint", "")),
            token_endpoint=str(discovery.get("token_endpoint", "")),
            jwks_uri=str(discovery.get("jwks_uri", "")),
            end_session_endpoint=str(discovery.get("end_session_endpoint", "")),
            client_id=options["client_id"],
            client_secret=secret,
            roles_claim=options["roles_claim"],
            label=options["label"],
            enabled=not options["disable"],
        )
        self.stdout.write(
            _("%(municipality)s logs in through %(issuer)s.")
            % {"municipality": municipality.name, "issuer": provider.issuer}
        )
