from __future__ import annotations

import jsonschema
import pytest
from pydantic import ValidationError

from briefer import brief
from briefer.models import Briefing, Fact, Quote, Reaction, briefing_json_schema


def test_schema_lists_the_briefing_sections() -> None:
    schema = briefing_json_schema()
    for field in (
        "title",
        "source",
        "published",
        "bottom_line",
        "key_facts",
        "open_questions",
        "reactions",
        "meta",
    ):
        assert field in schema["properties"]
    assert set(schema["$defs"]["Stance"]["enum"]) == {"positive", "negative", "mixed", "neutral"}


def test_offline_briefing_is_valid_against_the_schema(seed) -> None:
    data = brief(seed, engine="offline").model_dump(mode="json")
    jsonschema.validate(data, briefing_json_schema())


def test_items_need_evidence() -> None:
    with pytest.raises(ValidationError):
        Fact(text="Something happened.", evidence=[])


def test_stance_is_restricted() -> None:
    with pytest.raises(ValidationError):
        Reaction(actor="X", stance="angry", text="t", evidence=[Quote(text="some words here")])


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Fact(text="t", evidence=[Quote(text="q")], confidence=0.9)


def test_round_trip(seed) -> None:
    briefing = brief(seed, engine="offline")
    assert Briefing.model_validate_json(briefing.model_dump_json()) == briefing
