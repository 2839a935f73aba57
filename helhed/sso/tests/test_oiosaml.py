# SPDX-License-Identifier: MPL-2.0
"""Reading OIOSAML attributes: the OIO BPP privilege list in both attribute names."""

import base64

import pytest

from helhed.sso import oiosaml
from helhed.sso.tests.saml_idp import CVR_FURESOE, CVR_HORSENS, LEDER, SAGSBEHANDLER, bpp


def test_privileges_are_read_with_their_cvr_scope_from_either_attribute_name() -> None:
    attributes = {
        "https://data.gov.dk/model/core/eid/privilegesIntermediate": [
            bpp([SAGSBEHANDLER], CVR_HORSENS)
        ],
        "dk:gov:saml:attribute:Privileges_intermediate": [bpp([LEDER], CVR_FURESOE)],
    }

    assert oiosaml.privileges(attributes) == [
        oiosaml.Privilege(value=SAGSBEHANDLER, cvr=CVR_HORSENS),
        oiosaml.Privilege(value=LEDER, cvr=CVR_FURESOE),
    ]


def test_a_privilege_group_scoped_otherwise_has_no_cvr() -> None:
    document = (
        '<bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">'
        '<PrivilegeGroup Scope="urn:dk:gov:saml:sorIdentifier:1"><Privilege>p</Privilege>'
        "</PrivilegeGroup></bpp:PrivilegeList>"
    )

    assert oiosaml.privileges_from_bpp(document) == [oiosaml.Privilege(value="p", cvr="")]


@pytest.mark.parametrize(
    "value",
    [
        "not base64 at all!",
        base64.b64encode(b"<notxml").decode(),
        base64.b64encode(b"<Other/>").decode(),
        base64.b64encode(
            b'<!DOCTYPE x [<!ENTITY a "b">]><PrivilegeList>&a;</PrivilegeList>'
        ).decode(),
    ],
)
def test_an_unreadable_privilege_list_is_an_error(value: str) -> None:
    with pytest.raises(oiosaml.PrivilegeListError):
        oiosaml.privileges_from_bpp(value)


def test_first_takes_the_first_non_empty_value_of_the_first_name_present() -> None:
    attributes = {"urn:oid:2.5.4.3": ["", "Karin Hansen"]}

    assert oiosaml.first(attributes, oiosaml.FULL_NAME) == "Karin Hansen"
    assert oiosaml.first(attributes, oiosaml.EMAIL) == ""
