# SPDX-License-Identifier: MPL-2.0
"""A case text's paragraphs and bullet lists."""

from helhed.governance.text_blocks import text_blocks


def test_paragraphs_are_split_at_blank_lines_and_lines_within_are_joined() -> None:
    blocks = text_blocks("Første linje\nanden linje.\n\nNyt afsnit.")

    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Første linje anden linje."),
        ("paragraph", "Nyt afsnit."),
    ]


def test_dash_lines_are_a_list_and_an_empty_bullet_is_left_out() -> None:
    blocks = text_blocks("Fem hovedområder:\n\n- Job\n- Familien\n-\n\nEfter listen.")

    assert [b.kind for b in blocks] == ["paragraph", "list", "paragraph"]
    assert blocks[1].items == ["Job", "Familien"]


def test_a_list_straight_after_a_line_of_text_is_still_a_list() -> None:
    blocks = text_blocks("Områderne:\n- Job\n- Sprog")

    assert [b.kind for b in blocks] == ["paragraph", "list"]
    assert blocks[1].items == ["Job", "Sprog"]


def test_an_empty_text_has_no_blocks() -> None:
    assert text_blocks("  \n\n ") == []
