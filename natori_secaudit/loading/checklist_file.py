"""Checklist files (checklists/*.yaml): validated whole, loaded whole or not at all."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..domain.checklist import Checklist, IncidentType, Item, Section, Severity
from ..domain.serialize import with_hash
from .located_yaml import compose, pos
from .problems import ChecklistFileError, Problem
from .validator import Field, Walker

ID_RE = r"[a-z0-9][a-z0-9-]*"
CODE_RE = r"[A-Z][A-Z0-9_]*"
NODE_ID_RE = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
TAG_RE = r"[a-z0-9][a-z0-9_-]*"
MAX_ITEMS = 2000

TOP = [
    Field("id", "str", True, ID_RE, "英小文字・数字・ハイフン（先頭は英小文字か数字）"),
    Field("title", "text", True),
    Field("version", "str", True),
    Field("language", "str"),
    Field("description", "text"),
    Field("incident_types", "list_map"),
    Field("sections", "list_map", True),
]
INCIDENT = [
    Field("code", "str", True, CODE_RE, "英大文字・数字・下線（先頭は英大文字）"),
    Field("name", "text", True),
    Field("description", "text"),
]
SECTION = [
    Field("id", "str", True, NODE_ID_RE, "英数字と . _ -（先頭は英数字）"),
    Field("title", "text", True),
    Field("items", "list_map", True),
]
ITEM = [
    Field("id", "str", True, NODE_ID_RE, "英数字と . _ -（先頭は英数字）"),
    Field("question", "text", True),
    Field("severity", "str", True),
    Field("guidance", "text"),
    Field("recommendation", "text"),
    Field("reference", "text"),
    Field("prevents", "list_str"),
    Field("applies_to", "list_str", pattern=TAG_RE, pattern_hint="英小文字・数字・下線・ハイフン"),
]


def _v(fields: dict, name: str, default=None):
    got = fields.get(name)
    return got[0] if got is not None else default


def parse_checklist(data: bytes, path: str) -> tuple[Checklist | None, list[Problem]]:
    root, problems = compose(data, path)
    if root is None:
        return None, problems
    w = Walker(path)
    w.problems.extend(problems)
    top = w.mapping(root, TOP, "点検票")
    if top is None:
        return None, w.problems
    if "language" in top and _v(top, "language") not in ("ja", "en"):
        w.add(top["language"][1], "checklist.bad_language", value=_v(top, "language"))

    incidents: list[IncidentType] = []
    codes: dict[str, int] = {}
    if "incident_types" in top:
        for node in top["incident_types"][0].value:
            f = w.mapping(node, INCIDENT, "incident_types")
            if not f or "code" not in f or "name" not in f:
                continue
            code = _v(f, "code")
            if code in codes:
                w.add(f["code"][1], "checklist.duplicate_id", kind="code", value=code, first=codes[code])
                continue
            codes[code] = pos(f["code"][1])[0]
            incidents.append(IncidentType(code, _v(f, "name"), _v(f, "description", "")))

    sections: list[Section] = []
    section_ids: dict[str, int] = {}
    item_ids: dict[str, int] = {}
    count = 0
    for s_node in (top["sections"][0].value if "sections" in top else []):
        s = w.mapping(s_node, SECTION, "sections")
        if not s:
            continue
        sid = _v(s, "id")
        if sid is not None:
            if sid in section_ids:
                w.add(s["id"][1], "checklist.duplicate_id", kind="section id", value=sid, first=section_ids[sid])
            else:
                section_ids[sid] = pos(s["id"][1])[0]
        items: list[Item] = []
        for i_node in (s["items"][0].value if "items" in s else []):
            count += 1
            if count > MAX_ITEMS:
                w.add(i_node, "checklist.too_many_items", max=MAX_ITEMS)
                break
            item = _item(w, i_node, sid or "?", item_ids, codes)
            if item is not None:
                items.append(item)
        if sid is not None and "title" in s:
            sections.append(Section(sid, _v(s, "title"), tuple(items)))
    if w.problems:
        return None, w.problems
    checklist = Checklist(
        id=_v(top, "id"),
        title=_v(top, "title"),
        version=_v(top, "version"),
        language=_v(top, "language", "ja") or "ja",
        description=_v(top, "description", "") or "",
        incident_types=tuple(incidents),
        sections=tuple(sections),
    )
    return with_hash(checklist), []


def _item(w: Walker, node, section_id: str, item_ids: dict[str, int], codes: dict[str, int]) -> Item | None:
    f = w.mapping(node, ITEM, "items")
    if f is None:
        return None
    ok = True
    iid = _v(f, "id")
    if iid is not None:
        if iid in item_ids:
            w.add(f["id"][1], "checklist.duplicate_id", kind="item id", value=iid, first=item_ids[iid])
            ok = False
        else:
            item_ids[iid] = pos(f["id"][1])[0]
    severity = None
    if "severity" in f:
        try:
            severity = Severity(_v(f, "severity"))
        except ValueError:
            w.add(f["severity"][1], "checklist.bad_severity", value=_v(f, "severity"))
            ok = False
    if severity is Severity.HIGH and not _v(f, "recommendation", ""):
        where = f["recommendation"][1] if "recommendation" in f else node
        w.add(where, "checklist.high_needs_recommendation", item=iid or "?")
        ok = False
    prevents = []
    for code, c_node in _v(f, "prevents", []) or []:
        if code not in codes:
            w.add(c_node, "checklist.unknown_incident", value=code,
                  defined=", ".join(codes) if codes else "—")
            ok = False
        prevents.append(code)
    applies = [t for t, _n in (_v(f, "applies_to", []) or [])]
    if not ok or iid is None or severity is None or "question" not in f:
        return None
    return Item(
        id=iid, question=_v(f, "question"), severity=severity, section_id=section_id,
        guidance=_v(f, "guidance", "") or "", recommendation=_v(f, "recommendation", "") or "",
        reference=_v(f, "reference", "") or "", prevents=tuple(prevents), applies_to=tuple(applies),
    )


def load_checklist_bytes(data: bytes, name: str) -> Checklist:
    checklist, problems = parse_checklist(data, name)
    if problems or checklist is None:
        raise ChecklistFileError("checklist.file_invalid", path=name, count=len(problems), problems=problems)
    return checklist


def load_checklist_file(path: Path | str) -> Checklist:
    from .files import read_limited

    data = read_limited(Path(path))
    return load_checklist_bytes(data, str(path))


__all__ = ["load_checklist_bytes", "load_checklist_file", "parse_checklist", "yaml"]
