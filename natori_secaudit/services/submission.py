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
    from ..exchange import AdminPublicKeys, DepartmentSigningKey, Submission, encode_submission, suggested_filename

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
    admin_public_raw, _ = storage.load_key(db, ADMIN_KEY)
    admin_public = AdminPublicKeys.from_bytes(admin_public_raw)
    sign_public, sign_private = storage.load_key(db, DEPARTMENT_KEY)
    signing = DepartmentSigningKey.from_private_bytes(sign_private)
    revision = rec.revision + 1
    now = _dt.datetime.now().astimezone().replace(microsecond=0)
    with db.transaction():
        storage.set_assessment_state(
            db, rec.id, AssessmentState.SUBMITTED, actor=ws.actor, revision=revision, submitted_at=now
        )
        seq, head = storage.audit_head(db)
        sub = Submission(
            format_version=1,
            department_code=ws.department.code,
            department_name=ws.department.name,
            fiscal_year=fy.start_year,
            checklist_id=view.checklist.id,
            checklist_version=view.checklist.version,
            checklist_sha256=view.checklist.sha256,
            revision=revision,
            inspector=ws.actor,
            submitted_at=now,
            answers=tuple(view.answers[item.id] for item in view.items),
            chain_head=head,
            chain_seq=seq,
            app_version=__version__,
            department_public_key=sign_public,
            admin_fingerprint=admin_public.fingerprint(),
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
        # Written before COMMIT: a failed write rolls the lock back.
        write_bytes_atomic(target, data, mode=0o644)
    return target


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
