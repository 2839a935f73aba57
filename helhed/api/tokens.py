# SPDX-License-Identifier: MPL-2.0
"""API tokens: 256 random bits from `secrets`, shown once, stored as their SHA-256.

A token is as long and as random as a key, so a plain hash is enough: nobody can try
2^256 guesses, which is what a slow password hash would defend against, and a fast
hash lets every request be looked up by an index (docs/adr/0012-json-api.md).
"""

import hashlib
import secrets

PREFIX = "hlh_"
PREFIX_SHOWN = 12  # "hlh_" and the first 8 random characters


def token_generate() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_prefix(token: str) -> str:
    return token[:PREFIX_SHOWN]
