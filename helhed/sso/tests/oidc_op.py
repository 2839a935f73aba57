# SPDX-License-Identifier: MPL-2.0
"""A minimal OpenID provider on loopback: discovery, the authorization code flow with
PKCE, RS256 ID tokens and a JWKS endpoint. Keys and tokens come from joserfc, the JOSE
library of the authlib project (authlib.jose is deprecated in favour of it).

The user is chosen by the test (`user`, with a `roles` claim); `misbehaviour` makes the
provider answer as a forger or a broken provider would: a token signed with another key,
for another audience, with another nonce, from another issuer, or already expired.
"""

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey

from helhed.sso.tests.loopback import LoopbackServer

CLIENT_ID = "helhed-horsens"
CLIENT_SECRET = "loopback-secret-" + "x" * 16
CASEWORKER_ROLE = "helhed-sagsbehandler"
MANAGER_ROLE = "helhed-leder"


@dataclass
class OpUser:
    sub: str = "3f1c2a9e-7d45-4b61-8f0a-5e2d9c7b1a44"
    given_name: str = "Ole"
    family_name: str = "Opgave"
    email: str = "ole@horsens.dk"
    roles: list[str] = field(default_factory=lambda: [CASEWORKER_ROLE])


def _key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


class LoopbackOp:
    def __init__(self) -> None:
        self.key = _key("loopback-1")
        self.foreign_key = _key("loopback-1")  # the same kid: only the signature tells
        self.http = LoopbackServer(self.app)
        self.issuer = self.http.url
        self.user = OpUser()
        self.misbehaviour = ""
        self.codes: dict[str, dict[str, str]] = {}
        self.token_requests = 0
        # RP-initiated logout: whether discovery offers end_session_endpoint, and the
        # logout requests seen (their query parameters)
        self.supports_logout = True
        self.logouts: list[dict[str, str]] = []

    def __enter__(self) -> "LoopbackOp":
        self.http.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.http.__exit__(*exc)

    @property
    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            **(
                {"end_session_endpoint": f"{self.issuer}/end-session"}
                if self.supports_logout
                else {}
            ),
        }

    def app(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/.well-known/openid-configuration":
            return self._json(start_response, self.discovery)
        if path == "/jwks":
            return self._json(start_response, {"keys": [self.key.as_dict(private=False)]})
        if path == "/authorize":
            return self._authorize(environ, start_response)
        if path == "/token" and environ.get("REQUEST_METHOD") == "POST":
            return self._token(environ, start_response)
        if path == "/end-session" and self.supports_logout:
            return self._end_session(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    @staticmethod
    def _json(start_response: Any, body: dict[str, Any], status: str = "200 OK") -> list[bytes]:
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    def _authorize(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"unknown client or response type"]
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"PKCE (S256) is required"]
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce", ""),
            "code_challenge": query["code_challenge"],
        }
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        start_response("302 Found", [("Location", target)])
        return [b""]

    def _token(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.token_requests += 1
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if challenge != grant["code_challenge"]:
            return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
        return self._json(
            start_response,
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(nonce=grant["nonce"]),
            },
        )

    def _end_session(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        """RP-initiated logout: a known client is sent back where it asked to go."""
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if query.get("client_id") != CLIENT_ID or not query.get("post_logout_redirect_uri"):
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"unknown client or no post_logout_redirect_uri"]
        self.logouts.append(query)
        start_response("302 Found", [("Location", query["post_logout_redirect_uri"])])
        return [b""]

    def id_token(self, *, nonce: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": self.user.sub,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "given_name": self.user.given_name,
            "family_name": self.user.family_name,
            "email": self.user.email,
            "roles": self.user.roles,
        }
        key = self.key
        if self.misbehaviour == "foreign-key":
            key = self.foreign_key
        elif self.misbehaviour == "audience":
            claims["aud"] = "another-client"
        elif self.misbehaviour == "nonce":
            claims["nonce"] = secrets.token_urlsafe(16)
        elif self.misbehaviour == "issuer":
            claims["iss"] = "https://op.another.example"
        elif self.misbehaviour == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 600
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
