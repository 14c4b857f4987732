"""Checklist files (``checklists/*.yaml``): validated whole, loaded whole or not at all.

The format is the product's public contract (docs:docs/checklist-format.md). The
IT division edits these files by hand, so every mistake is reported in one
run, each at its line and column, and a file with any problem yields no
checklist at all: a half-loaded checklist would silently change what
departments are asked.

Identifier rules (also shown to users through the ``checklist.rule_*`` messages):

* checklist ``id``: ``[a-z0-9][a-z0-9-]*`` (e.g. ``natori-standard``)
* incident ``code``: ``[A-Z][A-Z0-9_]*`` (e.g. ``MEDIA_LOSS``)
* section and item ``id``: ``[A-Za-z0-9][A-Za-z0-9_.-]*`` (e.g. ``S1``, ``ORG-01``, ``1.2``);
  section ids are unique in the file, item ids across the whole checklist
* ``applies_to`` tags: ``[a-z0-9][a-z0-9_-]*`` (e.g. ``my_number``)
* ``replaces``: ids of the previous version's items (rules in :mod:`.lineage_rules`)
"""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from ..domain.checklist import Checklist, IncidentType, Item, Section, Severity
from ..domain.serialize import with_hash
from .lineage_rules import ReplacesEntry, check_replaces
from .located_yaml import compose, read_limited
from .problems import ChecklistFileError, Problem, Problems, Ref
from .validator import Field, Fields, Walker, check_unique, where

CHECKLIST_ID_RE = r"[a-z0-9][a-z0-9-]*"
INCIDENT_CODE_RE = r"[A-Z][A-Z0-9_]*"
NODE_ID_RE = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
TAG_RE = r"[a-z0-9][a-z0-9_-]*"
#: Most items a checklist may have, over all sections.
MAX_ITEMS = 2000

TOP = [
    Field("id", "id", True, CHECKLIST_ID_RE, "checklist.rule_checklist_id"),
    Field("title", "text", True),
    Field("version", "version", True),
    Field("language", "choice", choices=("ja", "en"), invalid="checklist.bad_language"),
    Field("description", "text"),
    Field("guideline", "text"),
    Field("incident_types", "list_map"),
    Field("sections", "list_map", True),
]
INCIDENT = [
    Field("code", "id", True, INCIDENT_CODE_RE, "checklist.rule_incident_code"),
    Field("name", "text", True),
    Field("description", "text"),
]
SECTION = [
    Field("id", "id", True, NODE_ID_RE, "checklist.rule_node_id"),
    Field("title", "text", True),
    Field("items", "list_map", True),
]
ITEM = [
    Field("id", "id", True, NODE_ID_RE, "checklist.rule_node_id"),
    Field("question", "text", True),
    Field("severity", "choice", True, choices=("high", "medium", "low"), invalid="checklist.bad_severity"),
    Field("guidance", "text"),
    Field("recommendation", "text"),
    Field("reference", "text"),
    Field("prevents", "list_str"),
    Field("applies_to", "list_str", pattern=TAG_RE, rule="checklist.rule_tag"),
    Field("replaces", "list_str", pattern=NODE_ID_RE, rule="checklist.rule_node_id"),
]


class _State:
    """What the walk has seen so far: ids and codes with their first line, the item count."""

    def __init__(self) -> None:
        self.section_ids: dict[str, int] = {}
        self.item_ids: dict[str, int] = {}
        self.codes: dict[str, int] = {}
        self.item_count = 0
        self.replaces: list[ReplacesEntry] = []


def check_checklist(root: Node, problems: Problems, previous: Checklist | None = None) -> Checklist | None:
    """The checklist in a composed document, or None when ``problems`` got any entry.

    With ``previous`` (the checklist version this one revises), every ``replaces``
    id must be one of its items.
    """
    w = Walker(problems)
    top = w.mapping(root, TOP, Ref.to("checklist.where_checklist"))
    if top is None:
        return None
    state = _State()
    incidents = [
        t
        for n, node in enumerate(top.get("incident_types", []), 1)
        if (t := _incident(w, node, n, state)) is not None
    ]
    sections = [
        s
        for n, node in enumerate(top.get("sections", []), 1)
        if (s := _section(w, node, n, state)) is not None
    ]
    check_replaces(w, state.replaces, state.item_ids, previous)
    if problems or not top.ok("id", "title", "version", "sections"):
        return None
    return with_hash(
        Checklist(
            id=top.get("id"),
            title=top.get("title"),
            version=top.get("version"),
            language=top.get("language") or "ja",
            description=top.get("description", ""),
            guideline=top.get("guideline", ""),
            incident_types=tuple(incidents),
            sections=tuple(sections),
        )
    )


def _incident(w: Walker, node: Node, n: int, state: _State) -> IncidentType | None:
    f = w.mapping(node, INCIDENT, Ref.to("checklist.where_incident", n=n))
    if f is None:
        return None
    check_unique(w, state.codes, f, "code", "checklist.id_kind_incident")
    if not f.ok("code", "name"):
        return None
    return IncidentType(f.get("code"), f.get("name"), f.get("description", ""))


def _section(w: Walker, node: Node, n: int, state: _State) -> Section | None:
    here = where(node, "id", "checklist.where_section", "checklist.where_section_no", n=n)
    f = w.mapping(node, SECTION, here)
    if f is None:
        return None
    check_unique(w, state.section_ids, f, "id", "checklist.id_kind_section")
    section_id = f.get("id", "")
    items = []
    for i, item_node in enumerate(f.get("items", []), 1):
        state.item_count += 1
        if state.item_count == MAX_ITEMS + 1:
            w.add(item_node, "checklist.too_many_items", max=MAX_ITEMS)
        item = _item(w, item_node, here, i, section_id, state)
        if item is not None:
            items.append(item)
    if not f.ok("id", "title", "items"):
        return None
    return Section(section_id, f.get("title"), tuple(items))


def _item(w: Walker, node: Node, section: Ref, n: int, section_id: str, state: _State) -> Item | None:
    here = where(node, "id", "checklist.where_item", "checklist.where_item_no", section=section, n=n)
    f = w.mapping(node, ITEM, here)
    if f is None:
        return None
    check_unique(w, state.item_ids, f, "id", "checklist.id_kind_item")
    if f.get("severity") == "high":
        _check_recommendation(w, f, here)
    for code, code_node in f.get("prevents", []):
        if code not in state.codes:
            w.add(
                code_node,
                "checklist.unknown_incident",
                value=code[:60],
                defined=", ".join(state.codes) or Ref.to("checklist.none_defined"),
            )
    item_id = f.get("id", "")
    state.replaces += [ReplacesEntry(old, old_node, item_id) for old, old_node in f.get("replaces", [])]
    if not f.ok("id", "question", "severity"):
        return None
    return Item(
        id=f.get("id"),
        question=f.get("question"),
        severity=Severity(f.get("severity")),
        section_id=section_id,
        guidance=f.get("guidance", ""),
        recommendation=f.get("recommendation", ""),
        reference=f.get("reference", ""),
        prevents=tuple(code for code, _node in f.get("prevents", [])),
        applies_to=tuple(tag for tag, _node in f.get("applies_to", [])),
        replaces=tuple(old for old, _node in f.get("replaces", [])),
    )


def _check_recommendation(w: Walker, f: Fields, here: Ref) -> None:
    """A high-severity item must carry the advice its finding will show."""
    if "recommendation" not in f.nodes:
        w.add(f.node, "checklist.high_needs_recommendation", where=here)
    elif f.get("recommendation") == "":
        w.add(f.nodes["recommendation"], "checklist.high_empty_recommendation", where=here)


def parse_checklist(
    data: bytes,
    path: str,
    previous: Checklist | None = None,
) -> tuple[Checklist | None, list[Problem]]:
    """(checklist, []) for a valid file, else (None, every problem found).

    ``previous``: the earlier version of the checklist, to check ``replaces`` against.
    """
    root, problems = compose(data, path)
    if root is None or problems:
        return None, problems.result()
    checklist = check_checklist(root, problems, previous)
    return (checklist, []) if checklist is not None and not problems else (None, problems.result())


def load_checklist_bytes(data: bytes, name: str, previous: Checklist | None = None) -> Checklist:
    """The checklist in ``data``; ChecklistFileError with every problem otherwise."""
    checklist, problems = parse_checklist(data, name, previous)
    if checklist is None:
        raise ChecklistFileError.of(name, problems)
    return checklist


def load_checklist_file(path: Path | str, previous: Checklist | None = None) -> Checklist:
    """The checklist in the file at ``path`` (at most 5 MB); ChecklistFileError otherwise."""
    return load_checklist_bytes(read_limited(path), str(path), previous)
