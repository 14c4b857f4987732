"""Rules for ``replaces`` (items) and ``formerly`` (departments): what links one year to the next.

A revision maps last year's items onto this year's (``replaces``) and an
organisation change maps last year's departments onto this year's
(``formerly``); the year-over-year comparison follows these links
(domain/lineage.py), so a wrong link would compare the wrong things without
anyone noticing. Every problem is reported at the line of the entry:

* an old item id may be taken over by one item only, and named once;
* an item cannot replace itself nor an id that is still an item of the same
  checklist (A replaces B while B is still there; typically A↔B, a cycle);
* with the previous checklist at hand, every old id of an item that is new this
  year must exist in it (an item that was already there keeps the ``replaces`` of
  the revision that made it: a checklist used again next year stays valid);
* a department's ``formerly`` cannot name its own code or a code twice; with
  last year's department list at hand, every code of a department that is new
  this year must exist in it (a department that kept its code keeps its history). Splits
  (two departments naming the same old code) are legitimate.
* Last year's departments that nobody continues are *warnings*: a department
  may simply have been abolished.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from yaml.nodes import Node

from ..domain.checklist import Checklist, Organization
from .problems import Problems, position
from .validator import Walker


@dataclass(frozen=True)
class ReplacesEntry:
    """One ``replaces`` element as written: the old id, its node, the item that names it."""

    old_id: str
    node: Node
    item_id: str


def check_replaces(
    w: Walker, entries: list[ReplacesEntry], item_lines: dict[str, int], previous: Checklist | None
) -> None:
    """Report every bad ``replaces`` entry at its node (one problem per entry, the first rule that fails)."""
    named: dict[str, int] = {}
    for e in entries:
        old = e.old_id
        if old == e.item_id:
            w.add(e.node, "checklist.replaces_self", value=old[:60])
        elif old in named:
            w.add(e.node, "checklist.replaces_twice", value=old[:60], first=named[old])
        elif old in item_lines:
            w.add(
                e.node,
                "checklist.replaces_current",
                value=old[:60],
                item=e.item_id[:60],
                line=item_lines[old],
            )
        elif previous is not None and not previous.has_item(e.item_id) and not previous.has_item(old):
            _unknown_item(w, e, previous)
        named.setdefault(old, position(e.node)[0])


def _unknown_item(w: Walker, e: ReplacesEntry, previous: Checklist) -> None:
    close = difflib.get_close_matches(e.old_id, [i.id for i in previous.items], n=1, cutoff=0.6)
    params = {"value": e.old_id[:60], "checklist": previous.id[:60], "version": previous.version[:60]}
    if close:
        w.add(e.node, "checklist.replaces_unknown_suggest", suggestion=close[0], **params)
    else:
        w.add(e.node, "checklist.replaces_unknown", **params)


def check_formerly(
    w: Walker, code: str | None, entries: list[tuple[str, Node]], previous: Organization | None
) -> None:
    """Report bad ``formerly`` codes of one department at their nodes."""
    seen: dict[str, int] = {}
    for old, node in entries:
        if code is not None and old == code:
            w.add(node, "checklist.formerly_self", value=old[:60])
        elif old in seen:
            w.add(node, "checklist.formerly_twice", value=old[:60], first=seen[old])
        elif previous is not None and not (code is not None and previous.has(code)) and not previous.has(old):
            close = difflib.get_close_matches(old, [d.code for d in previous.departments], n=1, cutoff=0.6)
            if close:
                w.add(node, "checklist.formerly_unknown_suggest", value=old[:60], suggestion=close[0])
            else:
                w.add(node, "checklist.formerly_unknown", value=old[:60])
        seen.setdefault(old, position(node)[0])


def not_continued(warnings: Problems, at: Node, current: Organization, previous: Organization) -> None:
    """A warning (at ``at``, the ``departments`` key) for each of last year's departments nobody continues."""
    continued = {c for d in current.departments for c in (d.code, *d.formerly)}
    for old in previous.departments:
        if old.code not in continued:
            warnings.add(at, "checklist.formerly_not_continued", code=old.code[:60], name=old.name[:60])
