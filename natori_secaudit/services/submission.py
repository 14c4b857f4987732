"""A department hands in its year: lock, write the encrypted submission; 差し戻し."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__, storage
from ..domain.assessment import AssessmentState
from ..domain.fiscal_year import FiscalYear
from ..errors import AppError, Refused
from ..fileio import fsync_dir, os_error_to_app_error, write_bytes_atomic
from . import enrolment, paths
from .department import AssessmentView, DepartmentWorkspace, missing_of
from .importing import TEMP_PREFIX
from .setup import ADMIN_KEY, DEPARTMENT_KEY

if TYPE_CHECKING:
    from ..exchange import ReturnNotice, Submission


MAX_LISTED = 15


def submit(ws: DepartmentWorkspace, fy: FiscalYear, out_path: Path | str | None = None) -> Path:
    """Lock the year's assessment and write the submission file.

    Refused while any applicable item is unanswered, unconfirmed (前年度から)
    or missing details; the refusal lists the items.

    Atomic with its file: the lock and the file's exact bytes are committed in one
    transaction (the file already written and flushed under a temporary name, so a full
    disk leaves the assessment open); only then does the file get its real name. After a
    crash at any moment the year is either not submitted, or submitted with its bytes
    kept, and :func:`write_submission_again` writes the same file again.
    """
    view = ws.assessment(fy)
    if view.past:
        raise Refused("years.past_year_read_only", year=fy.label_ja, current=ws.current_year().label_ja)
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
    staged: list[Path] = []
    try:
        with db.transaction():
            storage.set_assessment_state(
                db, rec.id, AssessmentState.SUBMITTED, actor=ws.actor, revision=revision, submitted_at=now
            )
            sub, data = _encode(ws, view, revision, now, "final")
            target = _target(sub, out_path)
            storage.store_sent_submission(db, fy.start_year, ws.department.code, revision, target.name, data)
            staged.append(_stage(target, data))  # a failed write rolls the lock back
    except BaseException:
        _discard(staged)
        raise
    try:
        return _publish(staged[0], target)
    except AppError as exc:
        raise Refused(
            "importing.publish_failed", year=fy.label_ja, path=str(target), reason=exc.message
        ) from None


def write_submission_again(ws: DepartmentWorkspace, fy: FiscalYear, out: Path | str | None = None) -> Path:
    """Write the submitted year's submission file again: the very bytes stored when it was submitted
    (a file lost, or never written because the program stopped right after submitting)."""
    rec = ws._record(fy)
    if rec.state is not AssessmentState.SUBMITTED:
        raise Refused("importing.not_submitted_yet", year=fy.label_ja)
    kept = storage.sent_submission(ws.db, fy.start_year, rec.department_code, rec.revision)
    if kept is None:
        raise Refused("importing.no_stored_submission", year=fy.label_ja)
    name, data = kept
    target = Path(out) if out else paths.data_dir() / "submissions" / name
    if target.is_dir() or not target.suffix:
        target = target / name
    _make_folder(target)
    write_bytes_atomic(target, data, mode=0o644)
    return target


def send_progress(ws: DepartmentWorkspace, fy: FiscalYear, out_path: Path | str | None = None) -> Path:
    """A progress report (途中経過): the answers so far, encrypted like a submission.

    Nothing is locked and nothing is required; the IT division sees the department
    as 回答中 with how many items are answered. Scores count only final submissions.
    Like a submission, the file gets its real name only after the commit, so no file
    ever names an audit position the database does not hold.
    """
    view = ws.assessment(fy)
    if view.past:
        raise Refused("years.past_year_read_only", year=fy.label_ja, current=ws.current_year().label_ja)
    if view.locked:
        raise Refused("service.progress_after_submit", year=fy.label_ja)
    db = ws.db
    rec = storage.get_assessment(db, fy.start_year, ws.department.code)
    assert rec is not None
    staged: list[Path] = []
    try:
        with db.transaction():
            # An audit entry of its own: every progress report has a later chain position than the last.
            storage.audit_append(db, actor=ws.actor, event="progress", subject=str(fy.start_year))
            sub, data = _encode(ws, view, rec.revision + 1, _now(), "progress")
            target = _target(sub, out_path)
            staged.append(_stage(target, data))
    except BaseException:
        _discard(staged)
        raise
    return _publish(staged[0], target)


def _encode(
    ws: DepartmentWorkspace, view: AssessmentView, revision: int, now: _dt.datetime, kind: str
) -> tuple[Submission, bytes]:
    from ..exchange import AdminPublicKeys, DepartmentSigningKey, Submission, encode_submission

    db = ws.db
    admin_public_raw, _ = storage.load_key(db, ADMIN_KEY)
    admin_public = AdminPublicKeys.from_bytes(admin_public_raw)
    sign_public, sign_private = storage.load_key(db, DEPARTMENT_KEY)
    if sign_private is None:  # a department database always holds its private key
        raise Refused("service.not_department_db", path=str(db.path))
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
        enrolment_proof=enrolment.own_proof(db, ws.department.code, sign_public),
    )
    return sub, encode_submission(sub, admin_public, signing)


def _target(sub: Submission, out_path: Path | str | None) -> Path:
    from ..exchange import suggested_filename

    target = Path(out_path) if out_path else default_submission_path(sub)
    if target.is_dir() or not target.suffix:
        # A folder (existing, or a name without an extension): use the standard file name.
        target = target / suggested_filename(sub)
    return target


def _make_folder(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error_to_app_error(exc, target) from None


def _staged_name(target: Path) -> Path:
    # The temporary-file prefix: an import lists such a file as a leftover, never reads it.
    return target.with_name(f"{TEMP_PREFIX}{target.name}.staged")


def _stage(target: Path, data: bytes) -> Path:
    """The file's bytes written and flushed beside the target, under a temporary name."""
    _make_folder(target)
    staged = _staged_name(target)
    write_bytes_atomic(staged, data, mode=0o644)
    return staged


def _publish(staged: Path, target: Path) -> Path:
    try:
        os.replace(staged, target)
    except OSError as exc:
        _discard([staged])
        raise os_error_to_app_error(exc, target) from None
    fsync_dir(target.parent)
    return target


def _discard(files: list[Path]) -> None:
    for f in files:
        with contextlib.suppress(OSError):
            f.unlink()


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone().replace(microsecond=0)


def default_submission_path(sub: Submission) -> Path:
    from ..exchange import suggested_filename

    return paths.data_dir() / "submissions" / suggested_filename(sub)


def apply_return_notice(ws: DepartmentWorkspace, path: Path | str) -> ReturnNotice:
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
    if (
        rec is not None
        and rec.state is AssessmentState.RETURNED
        and notice.revision_returned == rec.revision
        and notice.message == rec.return_message
    ):
        return notice  # the same notice again (issued again by the IT division): already applied
    if rec is None or rec.state not in (AssessmentState.SUBMITTED, AssessmentState.RETURNED):
        raise Refused("service.return_not_submitted", year=fy.label_ja)
    if notice.revision_returned != rec.revision:
        raise Refused("service.return_stale", returned=notice.revision_returned, current=rec.revision)
    with ws.db.transaction():
        storage.set_assessment_state(
            ws.db, rec.id, AssessmentState.RETURNED, actor=ws.actor, return_message=notice.message
        )
    return notice
