# SPDX-License-Identifier: MPL-2.0
"""Every user-facing string in the templates is marked for translation.

Each template is split by Django's own lexer. Text outside template tags is what the
user reads unless it sits in {% blocktranslate %}; after tags, comments and entities
are removed, no letter may remain. The attributes a screen reader or a browser shows
(aria-label, title, placeholder, alt) are held to the same rule.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

HELHED = Path(__file__).resolve().parent.parent / "helhed"
TEMPLATES = sorted(p for p in HELHED.rglob("*.html") if "templates" in p.relative_to(HELHED).parts)

# Not translated: the product's name.
BRAND = "Helhed"
USER_FACING_ATTRIBUTES = frozenset({"aria-label", "title", "placeholder", "alt"})
# Elements whose content is not text for the reader (the PDF's CSS lives in <style>).
NOT_TEXT = frozenset({"style"})
# Stands in for everything Django renders: a variable, a tag or a translated block.
RENDERED = "\ue000"

TRANSLATING_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED_BLOCKS = {"comment": "endcomment", **TRANSLATING_BLOCKS}
LITERAL_DEFAULT = re.compile(r"""\|default(?:_if_none)?:(?P<quote>["'])(?P<text>.*?)(?P=quote)""")


def _literal_defaults(source: str) -> list[str]:
    """Literal fallbacks in variables, e.g. {{ x|default:"Ingen" }}: the user reads them."""
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.VAR:
            for match in LITERAL_DEFAULT.finditer(token.contents):
                if _has_letters(match.group("text")):
                    found.append(f"{{{{ {token.contents} }}}}")
    return found


def _rendered_text(source: str) -> str:
    """The template with every variable, tag, comment and translated block replaced by
    RENDERED: what is left is the literal text a user would see untranslated."""
    parts = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if closing is None and name in SKIPPED_BLOCKS:
                closing = SKIPPED_BLOCKS[name]
            elif name == closing:
                closing = None
            parts.append(RENDERED)
        elif token.token_type == TokenType.TEXT and closing is None:
            parts.append(token.contents)
        else:
            parts.append(RENDERED)
    return "".join(parts)


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text.replace(BRAND, ""))


class _LiteralTextFinder(HTMLParser):
    def __init__(self) -> None:
        # entities stay entities (handle_entityref), so they never count as letters
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_TEXT:
            self._open.append(tag)
        for name, value in attrs:
            if name in USER_FACING_ATTRIBUTES and value and _has_letters(value):
                self.found.append(f'<{tag} {name}="{value.replace(RENDERED, "{…}")}">')

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._open and _has_letters(data):
            self.found.append(" ".join(data.replace(RENDERED, " ").split()))


def unmarked_strings(source: str) -> list[str]:
    finder = _LiteralTextFinder()
    finder.feed(_rendered_text(source))
    finder.close()
    return finder.found + _literal_defaults(source)


def _template_id(path: Path) -> str:
    return str(path.relative_to(HELHED))


def test_templates_are_found() -> None:
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "publication.html", "version_detail.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=_template_id)
def test_every_user_facing_string_in_the_template_is_marked_for_translation(path: Path) -> None:
    found = unmarked_strings(path.read_text(encoding="utf-8"))

    assert not found, f"{_template_id(path)} has text not marked for translation: {found}"


@pytest.mark.parametrize(
    ("source", "unmarked"),
    [
        ("<p>Gem</p>", ["Gem"]),
        ('<a href="{% url \'x\' %}" class="button">Tilbage</a>', ["Tilbage"]),
        ('<nav aria-label="Brødkrummer"></nav>', ['<nav aria-label="Brødkrummer">']),
        ('<img alt="Logo {{ name }}">', ['<img alt="Logo {…}">']),
        ('<input placeholder="Søg">', ['<input placeholder="Søg">']),
        ("<p>{% translate 'Save' %} i alt</p>", ["i alt"]),
        ("{% if x %}<span>Ja</span>{% endif %}", ["Ja"]),
        ('<td>{{ owner|default:"Ingen" }}</td>', ['{{ owner|default:"Ingen" }}']),
    ],
)
def test_the_check_finds_unmarked_text(source: str, unmarked: list[str]) -> None:
    assert unmarked_strings(source) == unmarked


@pytest.mark.parametrize(
    "source",
    [
        "{% load i18n %}<p>{% translate 'Save' %}</p>",
        "<p>{% blocktranslate with n=x %}Hello {{ n }}{% endblocktranslate %}</p>",
        "<p>{% blocktrans count c=n %}One item{% plural %}{{ c }} items{% endblocktrans %}</p>",
        "<nav aria-label=\"{% translate 'Breadcrumb' %}\"></nav>",
        '<div class="alert alert-info" role="status" data-x="abc"></div>',
        '<td>{{ owner|default:"\u2013" }} {{ vision|default:_("None yet") }}</td>',
        "<td>{{ initiative.progress }} %</td><p>&nbsp;&ndash;&#8594; · \u2013</p>",
        '<a class="helhed-brand" href="/">Helhed</a>',
        "<style>@page { content: 'Side'; }</style>",
        "{% comment %}A note for developers{% endcomment %}{# and another #}",
    ],
)
def test_the_check_accepts_marked_text_markup_and_entities(source: str) -> None:
    assert unmarked_strings(source) == []
