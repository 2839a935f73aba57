# SPDX-License-Identifier: MPL-2.0
"""A case text as the case system writes it: paragraphs separated by blank lines, and
bullet lists of lines that start with "- ". The stored text stays word for word; an
empty bullet (a lone "-") is kept in the text and left out of what is shown."""

from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str  # "paragraph" or "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


def text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        prose: list[str] = []
        bullets: list[str] | None = None
        for line in lines:
            if line.startswith("-"):
                if prose:
                    blocks.append(Block("paragraph", text=" ".join(prose)))
                    prose = []
                bullets = [] if bullets is None else bullets
                item = line.lstrip("-").strip()
                if item:
                    bullets.append(item)
                continue
            if bullets is not None:
                _add_list(blocks, bullets)
                bullets = None
            prose.append(line)
        if prose:
            blocks.append(Block("paragraph", text=" ".join(prose)))
        if bullets is not None:
            _add_list(blocks, bullets)
    return blocks


def _add_list(blocks: list[Block], items: list[str]) -> None:
    """Add the bullets to the list just before them (a blank line may split a list)."""
    if not items:
        return
    if blocks and blocks[-1].kind == "list":
        blocks[-1].items.extend(items)
    else:
        blocks.append(Block("list", items=items))
