"""これまでの回答: a department that lost its database gets its accepted answers back.

The IT division writes a history file for a department after issuing it a new
登録コード (:func:`write_history`); it is readable only with that code. The new
department database reads it (:func:`accept_history`): every year it does not
hold yet comes back as accepted (submitted or sent back, with its revision), so
carry-over and the year-over-year view continue.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import storage
from ..domain.assessment import AssessmentState
from ..domain.fiscal_year import FiscalYear
from ..errors import FileAccessError, Refused
from ..fileio import os_error_to_app_error, write_bytes_atomic
from .setup import ADMIN_KEY

if TYPE_CHECKING:
    from .admin import AdminWorkspace
    from .department import DepartmentWorkspace


ACCEPTED = (AssessmentState.SUBMITTED, AssessmentState.RETURNED)


def write_history(ws: AdminWorkspace, department_code: str, out: Path | str) -> tuple[Path, int]:
    """(file, years) of the department's accepted answers, sealed with its newest 登録コード."""
    from ..exchange.history import History, HistoryYear, encode_history

    issued = storage.enrolments(ws.db, department_code)
    if not issued:
        raise Refused("enrolment.history_no_code", code=department_code)
    code = issued[-1]
    years = []
    codes = {department_code}
    for fy in sorted(ws.years(), reverse=True):
        org = ws.organization(fy)
        records = [r for r in storage.list_assessments(ws.db, fy.start_year) if r.department_code in codes]
        records.sort(key=lambda r: r.department_code != department_code)
        rec = next((r for r in records if r.state in ACCEPTED), None)
        if rec is not None and org.has(rec.department_code):
            years.append(
                HistoryYear(
                    fiscal_year=fy.start_year,
                    department_code=rec.department_code,
                    checklist=storage.load_checklist(ws.db, rec.checklist_sha256),
                    organization=org,
                    state=rec.state.value,
                    revision=rec.revision,
                    submitted_at=rec.submitted_at,
                    inspector=rec.inspector or "",
                    answers=tuple(storage.load_answers(ws.db, rec.id).values()),
                )
            )
        for c in list(codes):  # earlier years: the codes this department continues
            if org.has(c):
                codes.update(org.department(c).formerly)
    if not years:
        raise Refused("enrolment.history_nothing", code=department_code)
    data = encode_history(
        History(
            department_code, _dt.datetime.now().astimezone().replace(microsecond=0), tuple(reversed(years))
        ),
        code.code_id,
        code.secret,
        ws.keys,
    )
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error_to_app_error(exc, out) from None
    write_bytes_atomic(out, data, mode=0o600)
    with ws.db.transaction():
        storage.audit_append(
            ws.db,
            actor=ws.user_name,
            event="history_written",
            subject=department_code,
            new={"years": [y.fiscal_year for y in years], "code_id": code.code_id},
        )
    return out, len(years)


@dataclass(frozen=True)
class HistoryAccepted:
    added: tuple[FiscalYear, ...]  # years that came back
    kept: tuple[FiscalYear, ...]  # years this database already had answers for (left as they are)


def accept_history(ws: DepartmentWorkspace, path: Path | str) -> HistoryAccepted:
    from ..exchange import AdminPublicKeys
    from ..exchange.history import decode_history

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileAccessError("common.file_not_found", path=str(path)) from None
    except OSError as exc:
        raise os_error_to_app_error(exc, path) from None
    public, _ = storage.load_key(ws.db, ADMIN_KEY)
    secrets = {e.code_id: e.secret for e in storage.enrolments(ws.db)}
    history = decode_history(data, AdminPublicKeys.from_bytes(public), secrets, str(path))
    added, kept = [], []
    with ws.db.transaction():
        for year in history.years:
            fy = FiscalYear(year.fiscal_year)
            held = storage.list_assessments(ws.db, fy.start_year)
            if held and (
                held[0].state is not AssessmentState.NOT_STARTED or storage.load_answers(ws.db, held[0].id)
            ):
                kept.append(fy)
                continue
            sha = storage.store_checklist(ws.db, year.checklist, actor=ws.actor)
            if held:
                rec = held[0]
                if rec.checklist_sha256 != sha:
                    storage.set_assessment_checklist(ws.db, rec.id, sha, actor=ws.actor)
            else:
                rec = storage.create_assessment(ws.db, fy.start_year, year.department_code, sha)
                storage.set_year(ws.db, fy.start_year, sha, year.organization, actor=ws.actor)
            storage.replace_answers(ws.db, rec.id, list(year.answers), actor=ws.actor, event="history")
            storage.set_assessment_state(
                ws.db,
                rec.id,
                AssessmentState(year.state),
                actor=ws.actor,
                revision=year.revision,
                submitted_at=year.submitted_at,
                inspector=year.inspector,
            )
            added.append(fy)
        storage.audit_append(
            ws.db,
            actor=ws.actor,
            event="history_accepted",
            subject=history.department_code,
            new={"added": [f.start_year for f in added], "kept": [f.start_year for f in kept]},
        )
    ws.reload_identity()
    return HistoryAccepted(tuple(added), tuple(kept))
