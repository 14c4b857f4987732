"""A department hands in its year: lock, write the encrypted submission; 差し戻し."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from .. import __version__, storage
from ..domain.assessment import AssessmentState
from ..domain.fiscal_year import FiscalYear
from ..errors import Refused
from ..fileio import os_error_to_app_error, write_bytes_atomic
from . import paths
from .department import DepartmentWorkspace, missing_of
from .setup import ADMIN_KEY, DEPARTMENT_KEY

MAX_LISTED = 15


def submit(ws: DepartmentWorkspace, fy: FiscalYear, out_path: Path | str | None = None) -> Path:
    """Lock the year's assessment and write the submission file (atomically).

    Refused while any applicable item is unanswered, unconfirmed (前年度から)
    or missing details; the refusal lists the items.
    """
    view = ws.assessment(fy)
    if view.locked:
        raise Refused("service.assessment_locked", year=fy.label_ja)
    missing = missing_of(view)
    if missing:
        ids = [item.id for item, _reasons in missing]
        shown = ", ".join(ids[:MAX_LISTED]) + (" …" if len(ids) > MAX_LISTED else "")
        raise Refused("service.submit_incomplete", count=len(ids), items=shown, item_ids=ids)
    db = ws.db
    rec = storage.get_assessment(db, fy.start_year, ws.department.code)
    assert rec is not None
    revision = rec.revision + 1
    now = _now()
    with db.transaction():
        storage.set_assessment_state(
            db, rec.id, AssessmentState.SUBMITTED, actor=ws.actor, revision=revision, submitted_at=now
        )
        # Written before COMMIT: a failed write rolls the lock back.
        return _write(ws, view, revision, now, "final", out_path)


def send_progress(ws: DepartmentWorkspace, fy: FiscalYear, out_path: Path | str | None = None) -> Path:
    """A progress report (途中経過): the answers so far, encrypted like a submission.

    Nothing is locked and nothing is required; the IT division sees the department
    as 回答中 with how many items are answered. Scores count only final submissions.
    """
    view = ws.assessment(fy)
    if view.locked:
        raise Refused("service.progress_after_submit", year=fy.label_ja)
    db = ws.db
    rec = storage.get_assessment(db, fy.start_year, ws.department.code)
    assert rec is not None
    with db.transaction():
        # An audit entry of its own: every progress report has a later chain position than the last.
        storage.audit_append(db, actor=ws.actor, event="progress", subject=str(fy.start_year))
        return _write(ws, view, rec.revision + 1, _now(), "progress", out_path)


def _write(ws: DepartmentWorkspace, view, revision: int, now: _dt.datetime, kind: str,
           out_path: Path | str | None) -> Path:
    from ..exchange import AdminPublicKeys, DepartmentSigningKey, Submission, encode_submission, suggested_filename

    db = ws.db
    admin_public_raw, _ = storage.load_key(db, ADMIN_KEY)
    admin_public = AdminPublicKeys.from_bytes(admin_public_raw)
    sign_public, sign_private = storage.load_key(db, DEPARTMENT_KEY)
    signing = DepartmentSigningKey.from_private_bytes(sign_private)
    seq, head = storage.audit_head(db)
    sub = Submission(
        format_version=1,
        department_code=ws.department.code,
        department_name=ws.department.name,
        fiscal_year=view.fiscal_year.start_year,
        checklist_id=view.checklist.id,
        checklist_version=view.checklist.version,
        checklist_sha256=view.checklist.sha256,
        revision=revision,
        inspector=ws.actor,
        submitted_at=now,
        answers=tuple(view.answers[item.id] for item in view.items if item.id in view.answers),
        chain_head=head,
        chain_seq=seq,
        app_version=__version__,
        department_public_key=sign_public,
        admin_fingerprint=admin_public.fingerprint(),
        kind=kind,
    )
    data = encode_submission(sub, admin_public, signing)
    target = Path(out_path) if out_path else default_submission_path(sub)
    if target.is_dir() or not target.suffix:
        # A folder (existing, or a name without an extension): use the standard file name.
        target = target / suggested_filename(sub)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error_to_app_error(exc, target) from None
    write_bytes_atomic(target, data, mode=0o644)
    return target


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone().replace(microsecond=0)


def default_submission_path(sub) -> Path:
    from ..exchange import suggested_filename

    return paths.data_dir() / "submissions" / suggested_filename(sub)


def apply_return_notice(ws: DepartmentWorkspace, path: Path | str):
    """Read a 差し戻し notice from the IT division and reopen the assessment."""
    from ..exchange import AdminPublicKeys, decode_return_notice

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error_to_app_error(exc, path) from None
    admin_public_raw, _ = storage.load_key(ws.db, ADMIN_KEY)
    notice = decode_return_notice(data, AdminPublicKeys.from_bytes(admin_public_raw), str(path))
    fy = FiscalYear(notice.fiscal_year)
    if notice.department_code != ws.department.code:
        raise Refused("service.return_wrong_department", code=notice.department_code)
    rec = storage.get_assessment(ws.db, fy.start_year, ws.department.code)
    if rec is None or rec.state is not AssessmentState.SUBMITTED:
        raise Refused("service.return_not_submitted", year=fy.label_ja)
    if notice.revision_returned != rec.revision:
        raise Refused("service.return_stale", returned=notice.revision_returned, current=rec.revision)
    with ws.db.transaction():
        storage.set_assessment_state(
            ws.db, rec.id, AssessmentState.RETURNED, actor=ws.actor, return_message=notice.message
        )
    return notice
