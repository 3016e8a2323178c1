"""Engines turn an ``Article`` into a ``Briefing``; they are chosen by name from a registry.

Each entry imports its module only when chosen, so ``briefer --help`` stays fast and an
engine's optional dependencies are needed only by those who use it.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, NamedTuple, Protocol

from briefer.errors import ConfigError

if TYPE_CHECKING:
    from briefer.article import Article
    from briefer.models import Briefing


class Description(NamedTuple):
    """What made a briefing: recorded in eval results and reports."""

    engine: str
    model: str | None = None
    prompt_version: str | None = None


class Engine(Protocol):
    """What every engine provides."""

    name: str

    def brief(self, article: Article) -> Briefing:
        """Return an (unchecked) briefing of ``article``."""
        ...

    def describe(self) -> Description:
        """The engine's name, model and prompt version."""
        ...

    def close(self) -> None:
        """Release connections and files; the engine is not used afterwards."""
        ...


ENGINES: dict[str, str] = {
    "offline": "briefer.engines.offline:OfflineEngine",
    "openai": "briefer.engines.llm:OpenAIEngine",
}
"""Engine name -> 'module:class'."""


_LLM_OPTIONS: dict[str, str | None] = {
    "model": "BRIEFER_MODEL",
    "base_url": "OPENAI_BASE_URL",
    "prompts": None,
}
"""LLM-only option -> the environment variable that also sets it (the LLM engine reads it)."""


def _llm_options_given(options: dict[str, object]) -> list[str]:
    """The LLM-only options in ``options`` chosen for this call, not merely copied from the
    environment: an exported ``OPENAI_BASE_URL`` must not break ``--engine offline``."""
    return sorted(
        key
        for key, variable in _LLM_OPTIONS.items()
        if options.get(key) and (variable is None or options[key] != os.environ.get(variable))
    )


def resolve_engine_name(name: str, options: dict[str, object] | None = None) -> str:
    """Map 'auto' to a concrete engine: openai when a key or base URL is set (or an LLM
    option such as a model or base URL is given), else offline."""
    if name == "auto":
        llm_options = bool(_llm_options_given(options or {}))
        configured = os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL")
        return "openai" if configured or llm_options else "offline"
    return name


def get_engine(name: str = "auto", **options: object) -> Engine:
    """Build the engine called ``name`` ('auto' picks one from the environment)."""
    name = resolve_engine_name(name, options)
    try:
        target = ENGINES[name]
    except KeyError:
        known = ", ".join(["auto", *ENGINES])
        raise ConfigError(f"unknown engine {name!r} (choose from: {known})") from None
    module_name, _, class_name = target.partition(":")
    module = importlib.import_module(module_name)
    factory = getattr(module, class_name)
    if name == "offline":
        given = _llm_options_given(options)
        if given:
            flags = ", ".join("--" + k.replace("_", "-") for k in given)
            raise ConfigError(f"{flags} need an LLM engine; the offline engine takes none")
        options = {}
    engine: Engine = factory(**{k: v for k, v in options.items() if v is not None})
    return engine
