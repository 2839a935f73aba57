# SPDX-License-Identifier: MPL-2.0
"""Reading the attributes of an OIOSAML assertion, as KOMBIT's Context Handler sends them.

The Context Handler sends the user's job functions ("brugersystemroller") as privileges in
an OIO Basic Privilege Profile (BPP) document, base64 encoded, in the attribute
`dk:gov:saml:attribute:Privileges_intermediate` (OIOSAML 2) or
`https://data.gov.dk/model/core/eid/privilegesIntermediate` (OIOSAML 3). Each
PrivilegeGroup is scoped to an organisation, `urn:dk:gov:saml:cvrNumberIdentifier:<CVR>`,
and may carry constraints (KLE, organisation unit) that Helhed does not use.
"""

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from defusedxml import ElementTree  # type: ignore[import-untyped]
from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]

PRIVILEGES = (
    "https://data.gov.dk/model/core/eid/privilegesIntermediate",
    "dk:gov:saml:attribute:Privileges_intermediate",
)
CVR = (
    "https://data.gov.dk/model/core/eid/professional/cvr",
    "dk:gov:saml:attribute:CvrNumberIdentifier",
)
FULL_NAME = ("https://data.gov.dk/model/core/eid/fullName", "urn:oid:2.5.4.3")
FIRST_NAME = ("https://data.gov.dk/model/core/eid/firstName", "urn:oid:2.5.4.42")
LAST_NAME = ("https://data.gov.dk/model/core/eid/lastName", "urn:oid:2.5.4.4")
EMAIL = ("https://data.gov.dk/model/core/eid/email", "urn:oid:0.9.2342.19200300.100.1.3")
PERSISTENT_ID = (
    "https://data.gov.dk/model/core/eid/professional/uuid/persistent",
    "urn:oid:0.9.2342.19200300.100.1.1",
)
CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"

Attributes = Mapping[str, Sequence[str]]


class PrivilegeListError(ValueError):
    """The privilege attribute is not a readable BPP document."""


@dataclass(frozen=True)
class Privilege:
    value: str
    cvr: str  # the CVR of the PrivilegeGroup's scope; empty when scoped otherwise


def first(attributes: Attributes, names: Sequence[str]) -> str:
    """The first value of the first of `names` the assertion carries, or ''."""
    for name in names:
        values = attributes.get(name) or ()
        for value in values:
            if str(value).strip():
                return str(value).strip()
    return ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def privileges_from_bpp(document: str) -> list[Privilege]:
    """The privileges of a base64-encoded (or plain) OIO BPP PrivilegeList."""
    text = document.strip()
    if not text.startswith("<"):
        try:
            text = base64.b64decode(text, validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise PrivilegeListError("not base64-encoded XML") from error
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise PrivilegeListError("not XML") from error
    if _local(root.tag) != "PrivilegeList":
        raise PrivilegeListError("not a PrivilegeList")
    found = []
    for group in root:
        if _local(group.tag) != "PrivilegeGroup":
            continue
        scope = group.get("Scope", "")
        cvr = scope.removeprefix(CVR_SCOPE_PREFIX) if scope.startswith(CVR_SCOPE_PREFIX) else ""
        for child in group:
            if _local(child.tag) == "Privilege" and (child.text or "").strip():
                found.append(Privilege(value=(child.text or "").strip(), cvr=cvr))
    return found


def privileges(attributes: Attributes) -> list[Privilege]:
    """Every privilege of every privilege attribute the assertion carries."""
    found: list[Privilege] = []
    for name in PRIVILEGES:
        for value in attributes.get(name) or ():
            found.extend(privileges_from_bpp(str(value)))
    return found
