"""Load and render the LLM prompt templates (``prompts/*.j2``).

Templates are rendered in jinja2's sandbox with ``StrictUndefined``, so a template that asks
for a variable we do not pass fails loudly. The prompt version is a hash of the templates'
content and is recorded in every briefing's ``meta``.

A prompt set asks for evidence in one of two designs, declared by a comment in its
``system.j2``: ``{# evidence: quotes #}`` (the default: the model copies quotes) or
``{# evidence: sentences #}`` (the article's sentences are numbered and the model cites
numbers). Built-in variants live in ``prompts/<name>/`` and are chosen by name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from briefer.errors import ConfigError

TEMPLATES = ("system.j2", "user.j2")
_TAG = re.compile(r"<\s*/?\s*article\b[^>]*>", re.IGNORECASE)
_EVIDENCE = re.compile(r"\{#\s*evidence:\s*(\w+)")
VARIANTS = ("sentences",)
"""Built-in prompt sets besides the default, chosen with ``--prompts NAME``."""
Evidence = Literal["quotes", "sentences"]
_ARTICLE_FIELDS = ("title", "published", "text")
"""Variables shown inside the article block: untrusted, so defused."""


@dataclass(frozen=True)
class PromptSet:
    """The system and user templates, and the version derived from their text."""

    system: str
    user: str
    source: str

    @property
    def version(self) -> str:
        digest = hashlib.sha256(f"{self.system}\0{self.user}".encode()).hexdigest()
        return digest[:12]

    @property
    def evidence(self) -> Evidence:
        """How the templates ask for evidence: copied ``quotes`` or cited ``sentences``."""
        found = _EVIDENCE.search(self.system)
        return "sentences" if found and found.group(1) == "sentences" else "quotes"

    def render(self, **variables: Any) -> tuple[str, str]:
        """Return the (system, user) messages for ``variables``."""
        import jinja2

        variables = {
            k: _defuse(v) if k in _ARTICLE_FIELDS and isinstance(v, str) else v
            for k, v in variables.items()
        }
        try:
            system, user = self._compiled()
            return system.render(**variables).strip(), user.render(**variables).strip()
        except jinja2.TemplateError as exc:
            raise ConfigError(f"prompt templates in {self.source}: {exc}") from None

    def _compiled(self) -> tuple[Any, Any]:
        return _compile(self.system, self.user)


@cache
def _compile(system: str, user: str) -> tuple[Any, Any]:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
    return env.from_string(system), env.from_string(user)


def _defuse(text: str) -> str:
    """Keep article fields from opening or closing the article delimiter themselves."""
    return _TAG.sub(lambda m: "‹" + m.group()[1:], text)


def load_prompts(directory: str | Path | None = None) -> PromptSet:
    """Load the templates from ``directory``, or the ones shipped with briefer (the default
    set, or a built-in variant named in ``VARIANTS``)."""
    if directory is None:
        root: Any = resources.files("briefer._prompts")
        source = "briefer's built-in prompts"
    elif str(directory) in VARIANTS and not Path(directory).exists():
        root = resources.files("briefer._prompts").joinpath(str(directory))
        source = f"briefer's built-in {directory} prompts"
    else:
        root = Path(directory)
        source = str(directory)
        if not root.is_dir():
            raise ConfigError(f"prompt directory {directory} does not exist")
    try:
        system, user = (root.joinpath(name).read_text(encoding="utf-8") for name in TEMPLATES)
    except OSError:
        raise ConfigError(f"{source} must contain {' and '.join(TEMPLATES)}") from None
    declared = _EVIDENCE.search(system)
    if declared and declared.group(1) not in ("quotes", "sentences"):
        raise ConfigError(
            f"{source}: unknown evidence design {declared.group(1)!r} in system.j2 "
            "(use quotes or sentences)"
        )
    return PromptSet(system, user, source)
