"""NIST OSCAL assessment-results JSON: the findings as a standard, machine-readable file.

Deterministic UUIDs (uuid5 over the year, department and item) so the same
data always exports the same file. Plain JSON here; an independent OSCAL
implementation (compliance-trestle) validates it in the tests.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from pathlib import Path
from typing import Any

from ..domain.assessment import YearData
from ..domain.results import CompiledYear
from ..fileio import atomic_writer
from .common import label_of

NAMESPACE = uuid.UUID("6f1d3c2e-7a55-4b8e-9a51-2f6a0f0c2e11")
OSCAL_VERSION = "1.1.2"
JST = _dt.timezone(_dt.timedelta(hours=9))


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _iso(value: _dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST)
    return value.isoformat()


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "-"


def export_oscal(compiled: CompiledYear, data: YearData, out_path: Path | str) -> Path:
    c = compiled
    fy = c.fiscal_year.start_year
    start = _dt.datetime(fy, 4, 1, tzinfo=JST)
    end = _dt.datetime(fy + 1, 3, 31, 23, 59, 59, tzinfo=JST)
    org_uuid = _uuid("org", c.organization.name)
    parties = [{"uuid": org_uuid, "type": "organization", "name": c.organization.name}]
    dept_uuid = {}
    for d in c.departments:
        dept_uuid[d.department.code] = _uuid("party", d.department.code)
        parties.append(
            {
                "uuid": dept_uuid[d.department.code],
                "type": "organization",
                "name": d.department.name,
                "short-name": d.department.code,
            }
        )
    observations = []
    obs_by_item: dict[str, list[str]] = {}
    for f in c.findings:
        for g in f.gaps:
            a = data.assessments[g.department.code]
            answer = a.answers.get(f.item.id)
            oid = _uuid("obs", fy, g.department.code, f.item.id)
            obs = {
                "uuid": oid,
                "title": _one_line(f"{g.department.name}: {f.item.id} {label_of(g.status)}"),
                "description": f"{f.item.question}\n回答: {label_of(g.status)}\n{g.comment}".strip(),
                "props": [
                    {"name": "answer", "ns": "https://natori.example/secaudit", "value": g.status.value}
                ],
                "methods": ["EXAMINE"],
                "subjects": [{"subject-uuid": dept_uuid[g.department.code], "type": "party"}],
                "collected": _iso(a.submitted_at or end),
            }
            if answer is not None and answer.evidence:
                obs["relevant-evidence"] = [{"description": answer.evidence}]
            if g.action:
                obs["remarks"] = f"改善予定: {g.action}（期限 {g.due.isoformat() if g.due else '未定'}）"
            observations.append(obs)
            obs_by_item.setdefault(f.item.id, []).append(oid)
    findings = []
    for f in c.findings:
        findings.append(
            {
                "uuid": _uuid("finding", fy, f.item.id),
                "title": _one_line(f"所見 {f.rank}: {f.item.id} {f.item.question}"),
                "description": f"{f.item.question}\n該当所属: "
                + "、".join(f"{g.department.name}（{label_of(g.status)}）" for g in f.gaps),
                "props": [
                    {"name": "priority-rank", "ns": "https://natori.example/secaudit", "value": str(f.rank)},
                    {
                        "name": "severity",
                        "ns": "https://natori.example/secaudit",
                        "value": f.item.severity.value,
                    },
                    {"name": "last-year", "ns": "https://natori.example/secaudit", "value": f.trend.value},
                ],
                "target": {
                    "type": "objective-id",
                    "target-id": f.item.id,
                    "status": {"state": "not-satisfied"},
                },
                "related-observations": [{"observation-uuid": o} for o in obs_by_item.get(f.item.id, [])],
                "remarks": f.item.recommendation or "-",
            }
        )
    result: dict[str, Any] = {
        "uuid": _uuid("result", fy),
        "title": _one_line(f"{c.fiscal_year.label_ja} 情報セキュリティ自己点検"),
        "description": f"{c.organization.name} {c.checklist.title}（版 {c.checklist.version}）。"
        f"全庁の達成率 {c.city.format()}%、提出 {c.submitted_count}/{c.total_departments} 所属。",
        "start": _iso(start),
        "end": _iso(end),
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    }
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    doc = {
        "assessment-results": {
            "uuid": _uuid("assessment-results", fy, c.checklist.sha256),
            "metadata": {
                "title": _one_line(
                    f"{c.organization.name} {c.fiscal_year.label_ja} 情報セキュリティ自己点検 結果"
                ),
                "last-modified": _iso(_dt.datetime.combine(c.compiled_on, _dt.time(0, 0), JST)),
                "version": c.checklist.version,
                "oscal-version": OSCAL_VERSION,
                "parties": parties,
            },
            "import-ap": {"href": "#natori-secaudit-plan"},
            "results": [result],
        }
    }
    target = Path(out_path)
    with atomic_writer(target) as fh:
        fh.write(json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))
    return target
