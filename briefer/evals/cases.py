"""Eval cases: hand-labelled expectations for one article, loaded from YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefer.errors import ConfigError, field_errors, one_line
from briefer.evals.terms import check_term

StanceName = Literal["positive", "negative", "mixed", "neutral"]


class _UserModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _terms_as_text(value: object) -> object:
    """YAML reads 30 as a number; a term is always text."""
    if isinstance(value, list):
        return [
            [str(t) if isinstance(t, int | float) else t for t in terms]
            if isinstance(terms, list)
            else terms
            for terms in value
        ]
    return value


def _valid_sets(value: list[list[str]]) -> list[list[str]]:
    if any(not terms for terms in value):
        raise ValueError("every term set needs at least one term")
    for terms in value:
        for term in terms:
            problem = check_term(term)
            if problem:
                raise ValueError(problem)
    return value


class Expectation(_UserModel):
    """Something a good briefing must (or, for ``forbidden``, must not) say."""

    id: str
    """Short, unique name within the case; shown in reports."""
    description: str
    """What the expectation means, in plain words."""
    any: list[list[str]] = Field(min_length=1)
    """Alternative term sets: the expectation is met when one item contains every term of
    any one set. Terms match case-insensitively on word boundaries; a trailing ``*`` marks
    a stem ("reject*" matches "rejected")."""
    weight: float = Field(default=1.0, gt=0)

    @field_validator("any", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return _terms_as_text(value)

    @field_validator("any")
    @classmethod
    def _valid(cls, value: list[list[str]]) -> list[list[str]]:
        return _valid_sets(value)


class ReactionExpectation(_UserModel):
    """A party expected to react, with how."""

    id: str
    description: str = ""
    actor: list[str] = Field(min_length=1)
    """Acceptable names for the party; one must occur, as whole words, in the reaction's
    actor."""
    stance: list[StanceName] = Field(min_length=1)
    """Acceptable stances (one or more); a near miss earns partial credit."""
    any: list[list[str]] | None = None
    """Optional content: the reaction's text must contain every term of one set."""
    weight: float = Field(default=1.0, gt=0)

    @field_validator("stance", "actor", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("any", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return _terms_as_text(value)

    @field_validator("actor")
    @classmethod
    def _valid_aliases(cls, value: list[str]) -> list[str]:
        _valid_sets([value])
        return value

    @field_validator("any")
    @classmethod
    def _valid_content(cls, value: list[list[str]] | None) -> list[list[str]] | None:
        return None if value is None else _valid_sets(value)


class Shown(_UserModel):
    """How many items of each section a reader sees; only those count."""

    facts: int = Field(default=12, ge=1)
    questions: int = Field(default=8, ge=1)
    reactions: int = Field(default=10, ge=1)


class Limits(_UserModel):
    """Structural bounds on a briefing."""

    min_facts: int = 0
    max_facts: int = 20
    max_questions: int = 12
    max_reactions: int = 20
    max_bottom_line_words: int = 80


class Case(_UserModel):
    """One article and what a good briefing of it contains."""

    name: str = ""
    """The file's stem; set when loaded."""
    article: str
    """Path of the article, relative to the case file."""
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    """Kinds of story (politics, business, science, sport, fact-check, opinion...)."""
    pass_score: float = Field(default=0.6, ge=0, le=1)
    """The overall score a briefing needs to pass (with no forbidden claim and every
    section at ``section_floor`` or above)."""
    section_floor: float = Field(default=0.25, ge=0, le=1)
    """The least each section with expectations (facts, questions, reactions) must score."""
    shown: Shown = Field(default_factory=Shown)
    """Items per section that count (defaults 12 facts, 8 questions, 10 reactions)."""
    facts: list[Expectation] = Field(default_factory=list)
    open_questions: list[Expectation] = Field(default_factory=list)
    reactions: list[ReactionExpectation] = Field(default_factory=list)
    forbidden: list[Expectation] = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("tags", mode="before")
    @classmethod
    def _one_or_many_tags(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    def article_path(self) -> Path:
        """Absolute path of the case's article."""
        base = self.path.parent if self.path else Path.cwd()
        return (base / self.article).resolve()

    def skip_reason(self) -> str | None:
        """Why the case cannot run here (its article is absent), or None."""
        if self.article_path().is_file():
            return None
        return f"article {self.article} not found (see evals/README.md)"


def load_case(path: str | Path) -> Case:
    """Load and validate one YAML case file."""
    import yaml

    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read case ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML ({one_line(exc)})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: a case must be a mapping")
    try:
        case = Case.model_validate({**raw, "name": path.stem, "path": path})
    except ValidationError as exc:
        problems = "; ".join(field_errors(exc)[:5])
        raise ConfigError(f"{path}: invalid case ({problems})") from None
    expectations: list[Expectation | ReactionExpectation] = [
        *case.facts,
        *case.open_questions,
        *case.reactions,
        *case.forbidden,
    ]
    ids = [e.id for e in expectations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{path}: duplicate expectation ids: {', '.join(duplicates)}")
    if len(case.reactions) > case.shown.reactions:
        # each counted reaction serves one expectation, so the rest could never be met
        raise ConfigError(
            f"{path}: {len(case.reactions)} reaction expectations but only "
            f"{case.shown.reactions} reactions shown (raise shown.reactions)"
        )
    return case


def find_cases(
    paths: list[str] | None = None, default_dir: str | Path = "evals/cases"
) -> list[Case]:
    """Load the cases named (files or directories), or every case in ``default_dir``."""
    targets = [Path(p) for p in paths] if paths else [Path(default_dir)]
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(sorted(target.glob("*.yaml")) + sorted(target.glob("*.yml")))
        elif target.is_file():
            files.append(target)
        else:
            raise ConfigError(f"{target}: no such case file or directory")
    if not files:
        raise ConfigError(f"no cases found in {', '.join(map(str, targets))}")
    return [load_case(f) for f in files]
