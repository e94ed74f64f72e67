"""Prompts are files under `prompts/`, one per task, each with a version in its front matter.

A prompt file reads:

    ---
    version: 1
    variables: [setting, text]
    ---
    ## system
    ...the instructions, in the method's vocabulary...
    ## human
    ...the request, with {setting} and {text} filled in...

Placeholders are LangChain f-string variables; a literal brace is written twice."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, ConfigDict, Field

PROMPTS_DIRECTORY = Path(__file__).resolve().parents[2] / "prompts"
_ROLES = ("system", "human")


class PromptError(Exception):
    """A prompt file is missing or malformed; the message names the file."""


class Prompt(BaseModel):
    """One task's prompt: its name, version and the two messages it sends."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: int = Field(ge=1)
    variables: tuple[str, ...]
    system: str
    human: str

    @property
    def label(self) -> str:
        """Name and version, e.g. "sort_message@1", safe to log."""
        return f"{self.name}@{self.version}"

    def template(self) -> ChatPromptTemplate:
        """The LangChain chat prompt of this file."""
        return ChatPromptTemplate.from_messages([("system", self.system), ("human", self.human)])


def _split_front_matter(name: str, raw: str) -> tuple[dict[str, object], str]:
    """The YAML between the opening '---' lines, and the body after it."""
    parts = raw.split("---\n", 2)
    if len(parts) != 3 or parts[0].strip():
        raise PromptError(f"prompts/{name}.md must start with front matter between '---' lines")
    header = yaml.safe_load(parts[1]) or {}
    if not isinstance(header, dict):
        raise PromptError(f"prompts/{name}.md: front matter must be a mapping")
    return header, parts[2]


def _sections(name: str, body: str) -> dict[str, str]:
    """The text under each '## system' and '## human' heading."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.splitlines():
        heading = line.strip().lower()
        if heading.startswith("## ") and heading[3:] in _ROLES:
            current = found.setdefault(heading[3:], [])
        elif current is not None:
            current.append(line)
    missing = [role for role in _ROLES if role not in found]
    if missing:
        raise PromptError(f"prompts/{name}.md: missing section(s) {', '.join(missing)}")
    return {role: "\n".join(lines).strip() for role, lines in found.items()}


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIRECTORY) -> Prompt:
    """Read and check `prompts/<name>.md` (read once, then kept)."""
    path = directory / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"no prompt file {path}") from None
    header, body = _split_front_matter(name, raw)
    sections = _sections(name, body)
    prompt = Prompt(
        name=name,
        version=int(str(header.get("version", 0))),
        variables=tuple(str(v) for v in header.get("variables") or ()),  # type: ignore[attr-defined]
        system=sections["system"],
        human=sections["human"],
    )
    used = set(prompt.template().input_variables)
    if used != set(prompt.variables):
        raise PromptError(
            f"prompts/{name}.md: front matter lists {sorted(prompt.variables)}, "
            f"the text uses {sorted(used)}"
        )
    return prompt
