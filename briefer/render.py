"""Write briefings out as JSON, Markdown, HTML or plain text (jinja2 templates)."""

from __future__ import annotations

import json
import re
import textwrap
from functools import cache
from typing import TYPE_CHECKING, Any

from briefer.errors import RenderError

if TYPE_CHECKING:
    import jinja2

    from briefer.models import Briefing

FORMATS = ("md", "json", "html", "text")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def render(briefings: Briefing | list[Briefing], fmt: str = "md") -> str:
    """Render one briefing, or several into one document, in format ``fmt``.

    JSON gives an object for a single briefing and an array for a list of them.
    """
    items = briefings if isinstance(briefings, list) else [briefings]
    if fmt == "json":
        if isinstance(briefings, list):
            dumped = [b.model_dump(mode="json") for b in items]
            return json.dumps(dumped, indent=2, ensure_ascii=False) + "\n"
        return items[0].model_dump_json(indent=2) + "\n"
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    template = environment(fmt == "html").get_template(f"briefing.{fmt}.j2")
    return template.render(briefings=items, paraphrased=_paraphrased).strip() + "\n"


def _paraphrased(text: str, quotes: list[Any]) -> bool:
    """Whether an item's wording differs from its evidence (so the evidence is worth showing)."""

    def squash(s: str) -> str:
        return re.sub(r"\W+", "", s).lower()

    return not any(squash(text) in squash(q.text) for q in quotes)


def _md(text: str) -> str:
    """Escape Markdown and inline HTML so that article text renders as literal text."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _wrap(line: str, indent: str = "", width: int = 88) -> str:
    """Wrap one line, keeping its own leading indent and indenting what follows."""
    lead = line[: len(line) - len(line.lstrip())]
    return textwrap.fill(
        " ".join(line.split()), width=width, initial_indent=lead, subsequent_indent=indent
    )


@cache
def environment(html: bool) -> jinja2.Environment:
    """The jinja2 environment for briefer's templates (autoescaped when ``html``)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefer", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    env.filters["wrap"] = _wrap
    env.filters["pct"] = lambda x: f"{100 * float(x):.0f}%"
    return env
