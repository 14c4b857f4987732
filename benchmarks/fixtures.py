"""Synthetic but realistic inputs for benchmarks: a 300-item checklist built from
the shipped one, organisations of any size, generated answers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from natori_secaudit.demo.generator import synthetic_organization
from natori_secaudit.domain.checklist import Checklist, Section
from natori_secaudit.domain.serialize import with_hash
from natori_secaudit.loading import load_checklist_file, load_departments_file

ROOT = Path(__file__).resolve().parent.parent


def shipped() -> tuple[Checklist, object]:
    return (
        load_checklist_file(ROOT / "checklists" / "natori-standard.yaml"),
        load_departments_file(ROOT / "checklists" / "departments.yaml"),
    )


def checklist_of(n_items: int) -> Checklist:
    """The shipped checklist's items repeated with new ids until there are n_items."""
    base, _org = shipped()
    sections = []
    per_section = max(1, n_items // len(base.sections))
    total = 0
    for s in base.sections:
        items = []
        k = 0
        while len(items) < per_section and total < n_items:
            src = s.items[k % len(s.items)]
            items.append(replace(src, id=f"{src.id}-{k // len(s.items) + 1}"))
            k += 1
            total += 1
        sections.append(Section(s.id, s.title, tuple(items)))
    while total < n_items:  # distribute the remainder into the last section
        last = sections[-1]
        src = last.items[total % len(last.items)]
        sections[-1] = Section(last.id, last.title, last.items + (replace(src, id=f"{src.id}-x{total}"),))
        total += 1
    return with_hash(replace(base, version=f"bench-{n_items}", sections=tuple(sections)))


def organization_of(n: int):
    _c, org = shipped()
    return synthetic_organization(n, org)
