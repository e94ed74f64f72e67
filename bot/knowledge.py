"""The product's field knowledge: the playbook of known changes, the measure catalogue and the
facilitator's question guides, read from the reviewable YAML files under `knowledge/`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.domain.questions import ORDER, Question

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "knowledge"
PLAYBOOK_FILE = "playbook.yaml"
MEASURES_FILE = "measures.yaml"
QUESTIONS_FILE = "questions.yaml"
KNOWLEDGE_FILES = (PLAYBOOK_FILE, MEASURES_FILE, QUESTIONS_FILE)

M = TypeVar("M", bound=BaseModel)

ANY_SETTING = "any"
SETTINGS = (
    "primary_care", "inpatient", "icu", "emergency", "mental_health", "surgery",
    "outpatient_specialty", ANY_SETTING,
)  # fmt: skip
BURDEN_SOURCES = (
    "inbox", "prior_authorisation", "documentation", "orders", "quality_reporting", "scheduling",
    "refills", "forms", "alerts", "login", "messaging", "other",
)  # fmt: skip
# The five questions that collect ideas; review only has a guide.
IDEA_QUESTIONS = tuple(q.value for q in ORDER if q.asks_for_ideas)
GUIDE_QUESTIONS = tuple(q.value for q in ORDER)

# Words a group might type in `setup <clinical setting>`, mapped to the playbook's settings.
_SETTING_ALIASES = {
    "primary care": "primary_care",
    "family medicine": "primary_care",
    "family practice": "primary_care",
    "general practice": "primary_care",
    "internal medicine": "primary_care",
    "pediatrics": "primary_care",
    "paediatrics": "primary_care",
    "inpatient": "inpatient",
    "hospital medicine": "inpatient",
    "hospitalist": "inpatient",
    "ward": "inpatient",
    "icu": "icu",
    "intensive care": "icu",
    "critical care": "icu",
    "emergency": "emergency",
    "ed": "emergency",
    "er": "emergency",
    "mental health": "mental_health",
    "behavioral health": "mental_health",
    "behavioural health": "mental_health",
    "psychiatry": "mental_health",
    "surgery": "surgery",
    "surgical": "surgery",
    "perioperative": "surgery",
    "periop": "surgery",
    "anesthesia": "surgery",
    "anaesthesia": "surgery",
    "outpatient specialty": "outpatient_specialty",
    "specialty": "outpatient_specialty",
    "specialty clinic": "outpatient_specialty",
    "any": ANY_SETTING,
}


class KnowledgeError(Exception):
    """A knowledge file is missing or does not validate; the message names the file and problem."""


class UnknownMeasure(KeyError):
    """A measure id that the catalogue does not hold; carries the valid ids for the answer."""

    def __init__(self, measure_id: str, valid_ids: Iterable[str]) -> None:
        self.measure_id = measure_id
        self.valid_ids = sorted(valid_ids)
        super().__init__(measure_id)

    def __str__(self) -> str:
        return f"Unknown measure '{self.measure_id}'. Valid measures: {', '.join(self.valid_ids)}."


class UnknownQuestion(ValueError):
    """A question name outside stop, automate, delegate, outsource, keep_sacred, review."""

    def __init__(self, question: object) -> None:
        self.question = question
        super().__init__(
            f"Unknown question '{question}'. Valid questions: {', '.join(GUIDE_QUESTIONS)}."
        )


def question_value(question: object) -> str:
    """The canonical question string (`keep_sacred`) for a Question or what a member typed."""
    parsed = question if isinstance(question, Question) else Question.parse(str(question))
    if parsed is None:
        raise UnknownQuestion(question)
    return parsed.value


def normalise_setting(text: str) -> str:
    """Map a group's free-text clinical setting ("Family Medicine clinic") to a playbook setting.

    Returns the cleaned text unchanged (snake_case) when no known setting is recognised.
    """
    words = " ".join(re.sub(r"[-_/,.()]", " ", text.lower()).split())
    padded = f" {words} "
    # Longest phrases first, so "outpatient specialty" wins over "specialty".
    for phrase in sorted(_SETTING_ALIASES, key=len, reverse=True):
        if f" {phrase} " in padded:
            return _SETTING_ALIASES[phrase]
    return words.replace(" ", "_")


class _Knowledge(BaseModel):
    """Base of knowledge models: frozen, and unknown fields are typos worth reporting."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PlaybookEntry(_Knowledge):
    """One well-known burden-reduction change, answering one of the five questions."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3, max_length=80)
    question: str
    settings: list[str] = Field(min_length=1)
    burden_source: str
    change: str = Field(min_length=20)
    typical_time_saved: str = Field(min_length=2)
    measures: list[str] = Field(min_length=1)
    watch_out: str = Field(min_length=10)

    @field_validator("question")
    @classmethod
    def _question_is_one_of_five(cls, value: str) -> str:
        if value not in IDEA_QUESTIONS:
            raise ValueError(f"question must be one of {', '.join(IDEA_QUESTIONS)}")
        return value

    @field_validator("settings")
    @classmethod
    def _settings_are_known(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in SETTINGS]
        if unknown:
            raise ValueError(f"unknown settings {unknown}; use {', '.join(SETTINGS)}")
        if ANY_SETTING in value and len(value) > 1:
            raise ValueError("'any' stands alone; list specific settings or only 'any'")
        return value

    @field_validator("burden_source")
    @classmethod
    def _burden_source_is_known(cls, value: str) -> str:
        if value not in BURDEN_SOURCES:
            raise ValueError(f"burden_source must be one of {', '.join(BURDEN_SOURCES)}")
        return value

    def fits(self, setting: str) -> bool:
        """Whether this change was written for the setting (not counting 'any')."""
        return setting in self.settings

    def as_text(self) -> str:
        """The entry as one paragraph, for the vector index and for prompts."""
        return (
            f"{self.title}. {self.change} Typical time saved: {self.typical_time_saved}. "
            f"Watch out: {self.watch_out}"
        )


class MeasureDefinition(_Knowledge):
    """A measure a pilot can track: unit, which direction is better and its valid range."""

    id: str = Field(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
    name: str
    unit: str
    direction: Literal["lower", "higher"]
    kind: Literal["human_time", "satisfaction", "quality", "financial", "other"]
    min: float
    max: float
    definition: str = Field(min_length=10)
    source: str
    burnout_threshold: float | None = None

    @model_validator(mode="after")
    def _range_is_sane(self) -> MeasureDefinition:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if self.burnout_threshold is not None and not self.accepts(self.burnout_threshold):
            raise ValueError("burnout_threshold must lie within min..max")
        return self

    @property
    def lower_is_better(self) -> bool:
        """Whether a fall in this measure is an improvement."""
        return self.direction == "lower"

    def accepts(self, value: float) -> bool:
        """Whether a recorded value lies in the measure's valid range."""
        return self.min <= value <= self.max

    def improvement(self, before: float, after: float) -> float:
        """The change from `before` to `after`, signed so that positive always means better."""
        return before - after if self.lower_is_better else after - before


class QuestionGuide(_Knowledge):
    """What the facilitator asks at one stage, a one-line explanation and starter prompts."""

    question: str
    ask: str = Field(min_length=5)
    explanation: str = Field(min_length=10)
    prompts: list[str] = Field(min_length=1, max_length=6)

    @field_validator("question")
    @classmethod
    def _question_is_a_stage(cls, value: str) -> str:
        if value not in GUIDE_QUESTIONS:
            raise ValueError(f"question must be one of {', '.join(GUIDE_QUESTIONS)}")
        return value


def files_fingerprint(directory: Path = DEFAULT_DIRECTORY) -> str:
    """sha256 over the three knowledge files' names and bytes, without parsing them."""
    return _digest(_read_files(directory))


def _read_files(directory: Path) -> dict[str, bytes]:
    """The raw bytes of each knowledge file, read once so parse and fingerprint agree."""
    contents = {}
    for name in KNOWLEDGE_FILES:
        try:
            contents[name] = (directory / name).read_bytes()
        except FileNotFoundError as missing:
            raise KnowledgeError(f"{directory / name}: file is missing") from missing
    return contents


def _digest(contents: dict[str, bytes]) -> str:
    """sha256 over file names and bytes in a fixed order."""
    digest = hashlib.sha256()
    for name in KNOWLEDGE_FILES:
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(contents[name])
        digest.update(b"\0")
    return digest.hexdigest()


def _read_list(name: str, raw: bytes) -> list[dict[str, Any]]:
    """Parse a YAML file that must hold a list of mappings."""
    try:
        content = yaml.safe_load(raw)
    except yaml.YAMLError as broken:
        raise KnowledgeError(f"{name}: not valid YAML: {broken}") from broken
    if not isinstance(content, list) or not all(isinstance(item, dict) for item in content):
        raise KnowledgeError(f"{name}: expected a list of entries")
    return content


def _build(model: type[M], name: str, raw: bytes) -> list[M]:
    """Validate each item, naming the file and item on failure so an editor can find it."""
    built = []
    for position, item in enumerate(_read_list(name, raw), start=1):
        try:
            built.append(model.model_validate(item))
        except ValidationError as invalid:
            label = item.get("id") or item.get("question") or f"item {position}"
            raise KnowledgeError(f"{name}: {label}: {invalid}") from invalid
    return built


def _unique(ids: list[str], file_name: str) -> None:
    """Refuse duplicate ids, which would make lookups ambiguous."""
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise KnowledgeError(f"{file_name}: id '{item_id}' appears more than once")
        seen.add(item_id)


class KnowledgeBase:
    """The loaded, cross-checked knowledge: playbook, measures and question guides."""

    def __init__(
        self,
        entries: list[PlaybookEntry],
        measures: list[MeasureDefinition],
        guides: list[QuestionGuide],
        fingerprint: str,
    ) -> None:
        self._entries = list(entries)
        self._measures = {m.id: m for m in measures}
        self._guides = {g.question: g for g in guides}
        self._fingerprint = fingerprint

    @classmethod
    def load(cls, directory: Path | None = None) -> KnowledgeBase:
        """Read and validate the three files of `directory` (default: the repo's knowledge/)."""
        folder = Path(directory) if directory is not None else DEFAULT_DIRECTORY
        raw = _read_files(folder)
        entries = _build(PlaybookEntry, PLAYBOOK_FILE, raw[PLAYBOOK_FILE])
        measures = _build(MeasureDefinition, MEASURES_FILE, raw[MEASURES_FILE])
        guides = _build(QuestionGuide, QUESTIONS_FILE, raw[QUESTIONS_FILE])
        _unique([e.id for e in entries], PLAYBOOK_FILE)
        _unique([m.id for m in measures], MEASURES_FILE)
        _check_references(entries, {m.id for m in measures})
        _check_guide_order(guides)
        return cls(entries, measures, guides, _digest(raw))

    def entries(self) -> list[PlaybookEntry]:
        """Every playbook entry, in file order."""
        return list(self._entries)

    def entries_for(self, question: object, setting: str | None = None) -> list[PlaybookEntry]:
        """Entries answering `question`: those written for `setting` first, then the 'any' ones.

        With no setting, every entry for the question in file order. An unrecognised
        setting gets only the 'any' entries.
        """
        wanted = question_value(question)
        matching = [e for e in self._entries if e.question == wanted]
        if setting is None:
            return matching
        key = normalise_setting(setting)
        specific = [e for e in matching if key != ANY_SETTING and e.fits(key)]
        general = [e for e in matching if e.fits(ANY_SETTING)]
        return specific + general

    def entry(self, entry_id: str) -> PlaybookEntry:
        """One entry by id; KeyError when absent."""
        for candidate in self._entries:
            if candidate.id == entry_id:
                return candidate
        raise KeyError(entry_id)

    def measure(self, measure_id: str) -> MeasureDefinition:
        """One measure by id (case and hyphens forgiven); UnknownMeasure lists the valid ids."""
        key = measure_id.strip().lower().replace("-", "_")
        try:
            return self._measures[key]
        except KeyError:
            raise UnknownMeasure(measure_id, self._measures) from None

    def measures(self) -> list[MeasureDefinition]:
        """Every measure, in file order."""
        return list(self._measures.values())

    def guide(self, question: object) -> QuestionGuide:
        """The facilitator's guide for a stage (the five questions or review)."""
        return self._guides[question_value(question)]

    def guides(self) -> list[QuestionGuide]:
        """Every guide, in the method's order."""
        return [self._guides[q] for q in GUIDE_QUESTIONS]

    def fingerprint(self) -> str:
        """sha256 of the loaded files' bytes; a new value means the vector index is stale."""
        return self._fingerprint


def _check_references(entries: list[PlaybookEntry], measure_ids: set[str]) -> None:
    """Every measure an entry suggests must exist in the catalogue."""
    for entry in entries:
        missing = [m for m in entry.measures if m not in measure_ids]
        if missing:
            raise KnowledgeError(
                f"{PLAYBOOK_FILE}: {entry.id}: unknown measures {missing}; "
                f"valid: {', '.join(sorted(measure_ids))}"
            )


def _check_guide_order(guides: list[QuestionGuide]) -> None:
    """The guides must list every stage once, in the method's fixed order."""
    found = tuple(g.question for g in guides)
    if found != GUIDE_QUESTIONS:
        raise KnowledgeError(
            f"{QUESTIONS_FILE}: questions must be, in order, {', '.join(GUIDE_QUESTIONS)}; "
            f"found {', '.join(found)}"
        )


PULSE_FILE = "pulse.yaml"


class PulseQuestion(BaseModel):
    """One question of the pulse: its wording and its options (id -> wording), in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    options: dict[str, str]


class PulseWording(BaseModel):
    """The pulse's two questions as `knowledge/pulse.yaml` words them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    burnout: PulseQuestion
    hours: PulseQuestion

    @model_validator(mode="after")
    def _options_are_the_stored_ones(self) -> PulseWording:
        from bot.domain.pulse import BURNOUT_OPTIONS, HOURS_OPTIONS

        if tuple(self.burnout.options) != BURNOUT_OPTIONS:
            raise ValueError(f"burnout options must be {', '.join(BURNOUT_OPTIONS)} in order")
        if tuple(self.hours.options) != HOURS_OPTIONS:
            raise ValueError(f"hours options must be {', '.join(HOURS_OPTIONS)} in order")
        return self


def load_pulse_wording(directory: Path | None = None) -> PulseWording:
    """The pulse wording from `directory`'s pulse.yaml, or the repository's when it has none."""
    folder = Path(directory) if directory is not None else DEFAULT_DIRECTORY
    path = folder / PULSE_FILE if (folder / PULSE_FILE).exists() else DEFAULT_DIRECTORY / PULSE_FILE
    try:
        return PulseWording.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as broken:
        raise KnowledgeError(f"{PULSE_FILE}: {broken}") from broken
