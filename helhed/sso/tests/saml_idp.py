# SPDX-License-Identifier: MPL-2.0
"""A minimal SAML 2.0 identity provider on loopback, built on pysaml2's Server.

It speaks what KOMBIT's Context Handler speaks to Helhed: an AuthnRequest arrives by the
HTTP-Redirect binding (signed by Helhed; the IdP checks that), and the answer goes back by
HTTP-POST, an assertion signed with the IdP's own key, carrying OIOSAML attributes with
the user's privileges as an OIO BPP document. Its page shows the form a browser submits.

Each test sets `user` (who logs in) and may set `misbehaviour` to make the IdP answer as
an attacker or a broken IdP would: unsigned, signed with a foreign key, for another
audience.
"""

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit
from xml.sax.saxutils import escape

import saml2  # type: ignore[import-untyped]
from saml2.config import IdPConfig  # type: ignore[import-untyped]
from saml2.metadata import entity_descriptor  # type: ignore[import-untyped]
from saml2.s_utils import decode_base64_and_inflate, deflate_and_base64_encode  # type: ignore[import-untyped]
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID  # type: ignore[import-untyped]
from saml2.server import Server  # type: ignore[import-untyped]

from helhed.sso.tests.keys import KeyPair, make_key_pair
from helhed.sso.tests.loopback import LoopbackServer

# fictional CVR numbers for the two test municipalities
CVR_HORSENS = "12345678"
CVR_FURESOE = "87654321"
SAGSBEHANDLER = "http://helhed.dk/roles/usersystemrole/sagsbehandler/1"
LEDER = "http://helhed.dk/roles/usersystemrole/leder/1"
UKENDT = "http://andet-system.dk/roles/usersystemrole/laeser/1"


def bpp(privileges: list[str], cvr: str) -> str:
    """An OIO Basic Privilege Profile document, base64 encoded, as the Context Handler sends."""
    items = "".join(f"<Privilege>{escape(p)}</Privilege>" for p in privileges)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">'
        f'<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:{cvr}">'
        '<Constraint Name="http://sts.kombit.dk/constraints/orgenhed/1">'
        "4c0c6f3d-0f6b-4d8f-9a7e-6c1b3f0a2f11</Constraint>"
        f"{items}</PrivilegeGroup></bpp:PrivilegeList>"
    )
    return base64.b64encode(document.encode()).decode()


@dataclass
class IdpUser:
    uuid: str = "8a4c1d4e-6a0b-4c53-9f0e-2b7d5a1c9e01"
    name: str = "Karin Sagsbehandler"
    email: str = "karin@horsens.dk"
    privileges: list[str] = field(default_factory=lambda: [SAGSBEHANDLER])
    cvr: str = CVR_HORSENS

    def attributes(self) -> dict[str, list[str]]:
        return {
            "https://data.gov.dk/model/core/specVersion": ["OIO-SAML-3.0"],
            "https://data.gov.dk/concept/core/nsis/loa": ["Substantial"],
            "https://data.gov.dk/model/core/eid/professional/uuid/persistent": [self.uuid],
            "https://data.gov.dk/model/core/eid/professional/cvr": [self.cvr],
            "https://data.gov.dk/model/core/eid/fullName": [self.name],
            "https://data.gov.dk/model/core/eid/email": [self.email],
            "https://data.gov.dk/model/core/eid/privilegesIntermediate": [
                bpp(self.privileges, self.cvr)
            ],
        }


class LoopbackIdp:
    def __init__(self, directory: Path, name: str = "idp") -> None:
        self.directory = directory
        self.keys = make_key_pair(directory, name)
        self.foreign_keys = make_key_pair(directory, f"{name}-foreign")
        self.http = LoopbackServer(self.app)
        self.url = self.http.url
        self.entity_id = f"{self.url}/idp/metadata"
        self.sso_url = f"{self.url}/idp/sso"
        self.slo_url = f"{self.url}/idp/slo"
        # the LogoutRequests Helhed has sent (verified), and the NameIDs they named
        self.logout_requests: list[str] = []
        self.user = IdpUser()
        self.misbehaviour = ""
        self.sp_metadata = ""
        self.last_form: dict[str, str] = {}
        self.requests_seen = 0
        # the SSO addresses of other IdPs whose requests this one answers anyway (an
        # attacker's IdP answering a request meant for another)
        self.also_answers_for: list[str] = []

    def _config(self, keys: KeyPair, sp_metadata: str = "") -> IdPConfig:
        conf: dict[str, Any] = {
            "entityid": self.entity_id,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": str(keys.key_file),
            "cert_file": str(keys.cert_file),
            "allow_unknown_attributes": True,
            "service": {
                "idp": {
                    "name": "Loopback IdP",
                    "endpoints": {
                        "single_sign_on_service": [
                            (url, saml2.BINDING_HTTP_REDIRECT)
                            for url in [self.sso_url, *self.also_answers_for]
                        ],
                        "single_logout_service": [(self.slo_url, saml2.BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
        }
        if sp_metadata:
            conf["metadata"] = {"inline": [sp_metadata]}
        config = IdPConfig()
        config.load(conf)
        return config

    def metadata_xml(self) -> str:
        return str(entity_descriptor(self._config(self.keys)))

    def trust_sp(self, sp_metadata: str) -> None:
        self.sp_metadata = sp_metadata

    def __enter__(self) -> "LoopbackIdp":
        self.http.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.http.__exit__(*exc)

    # the IdP's pages: GET /idp/sso?SAMLRequest=...&RelayState=...&SigAlg=...&Signature=...
    # and GET /idp/slo?SAMLRequest=... (a LogoutRequest; answered by a redirect to Helhed)
    def app(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ.get("PATH_INFO") == "/idp/slo":
            return self._single_logout(environ, start_response)
        if environ.get("PATH_INFO") != "/idp/sso":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            form = self.answer(query)
        except Exception as error:  # the test reads the status; the IdP says why
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"IdP refused the request: {type(error).__name__}: {error}".encode()]
        self.last_form = form
        inputs = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
            for k, v in form.items()
            if k != "action"
        )
        page = (
            '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Loopback IdP</title>'
            "</head><body><main><h1>Kommunens login</h1>"
            f'<form method="post" action="{html.escape(form["action"])}">{inputs}'
            '<button type="submit">Fortsæt til Helhed</button></form></main></body></html>'
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    def answer(self, query: dict[str, str]) -> dict[str, str]:
        """The SAMLResponse form for an AuthnRequest (verified, signature included)."""
        self.requests_seen += 1
        server = Server(config=self._config(self.keys, self.sp_metadata))
        request = server.parse_authn_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        if request is None:
            raise ValueError("the AuthnRequest did not verify")
        authn_request = request.message
        sp_entity_id = authn_request.issuer.text
        destination = authn_request.assertion_consumer_service_url
        signer = server
        if self.misbehaviour == "foreign-key":
            signer = Server(config=self._config(self.foreign_keys, self.sp_metadata))
        audience = (
            "https://another-service.example/sp"
            if self.misbehaviour == "audience"
            else sp_entity_id
        )
        signed = self.misbehaviour != "unsigned"
        response = signer.create_authn_response(
            identity=self.user.attributes(),
            in_response_to=authn_request.id,
            destination=destination,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=self.user.uuid),
            authn={"class_ref": "https://data.gov.dk/concept/core/nsis/loa/Substantial"},
            sign_assertion=signed,
            sign_response=False,
        )
        return {
            "action": destination,
            "SAMLResponse": base64.b64encode(str(response).encode()).decode(),
            "RelayState": query.get("RelayState", ""),
        }

    # single logout (ADR 0037)
    def _single_logout(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            location = self.logout_answer(query)
        except Exception as error:  # the test reads the status; the IdP says why
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"IdP refused the logout: {type(error).__name__}: {error}".encode()]
        start_response("302 Found", [("Location", location)])
        return [b""]

    def logout_answer(self, query: dict[str, str]) -> str:
        """Verify Helhed's LogoutRequest (its signature included) and answer with a signed
        LogoutResponse by the redirect binding: the address to send the browser to."""
        server = Server(config=self._config(self.keys, self.sp_metadata))
        request = server.parse_logout_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        if request is None:
            raise ValueError("the LogoutRequest did not verify")
        self.logout_requests.append(request.message.name_id.text)
        args = server.response_args(request.message, [saml2.BINDING_HTTP_REDIRECT])
        response = server.create_logout_response(request.message, [saml2.BINDING_HTTP_REDIRECT])
        http_info = server.apply_binding(
            args["binding"],
            str(response),
            args["destination"],
            query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=SIGALG,
        )
        return dict(http_info["headers"])["Location"]

    def logout_request_url(self, *, name_id: str | None = None, misbehaviour: str = "") -> str:
        """An IdP-initiated LogoutRequest for Helhed by the redirect binding: the URL (path
        and query) the browser is sent to. `misbehaviour`: "unsigned" (no signature),
        "foreign-key" (signed with a key not in the IdP's metadata), "tampered" (signed,
        then the NameID changed)."""
        keys = self.foreign_keys if misbehaviour == "foreign-key" else self.keys
        server = Server(config=self._config(keys, self.sp_metadata))
        sp_entity_id = next(iter(server.metadata.with_descriptor("spsso")))
        destination = server.metadata.single_logout_service(
            sp_entity_id, saml2.BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        _id, request = server.create_logout_request(
            destination,
            self.entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id or self.user.uuid),
        )
        http_info = server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            str(request),
            destination,
            "",
            sign=misbehaviour != "unsigned",
            sigalg=SIGALG,
        )
        location = dict(http_info["headers"])["Location"]
        if misbehaviour == "tampered":
            location = _renamed(location, self.user.uuid, "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")
        split = urlsplit(location)
        return f"{split.path}?{split.query}"

    def logout_request_post(self, *, misbehaviour: str = "") -> tuple[str, str]:
        """An IdP-initiated LogoutRequest by the POST binding, the signature inside the XML:
        (path, SAMLRequest). `misbehaviour`: "unsigned" or "tampered" (NameID changed after
        signing)."""
        server = Server(config=self._config(self.keys, self.sp_metadata))
        sp_entity_id = next(iter(server.metadata.with_descriptor("spsso")))
        destination = server.metadata.single_logout_service(
            sp_entity_id, saml2.BINDING_HTTP_POST, "spsso"
        )[0]["location"]
        _id, request = server.create_logout_request(
            destination,
            self.entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=self.user.uuid),
            sign=misbehaviour != "unsigned",
            sign_alg=SIGALG,
            digest_alg="http://www.w3.org/2001/04/xmlenc#sha256",
        )
        xml = str(request)
        if misbehaviour == "tampered":
            xml = xml.replace(self.user.uuid, "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")
        return urlsplit(destination).path, base64.b64encode(xml.encode()).decode()


SIGALG = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"


def _renamed(location: str, old: str, new: str) -> str:
    """The redirect-binding URL with the NameID in its (deflated) SAMLRequest replaced and
    the signature left as it was."""
    split = urlsplit(location)
    query = parse_qs(split.query)
    xml = decode_base64_and_inflate(query["SAMLRequest"][0]).decode()
    assert old in xml
    query["SAMLRequest"] = [deflate_and_base64_encode(xml.replace(old, new))]
    return urlunsplit(split._replace(query=urlencode(query, doseq=True)))
