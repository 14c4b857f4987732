"""The IT division's workspace: import submissions, follow progress, compile, send back."""

from __future__ import annotations

import datetime as _dt
import getpass
import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n, storage
from ..domain.assessment import AssessmentState, DepartmentAssessment, ProgressNote, YearData
from ..domain.checklist import Checklist, Organization
from ..domain.compile import compile_year
from ..domain.completeness import incomplete_items
from ..domain.fiscal_year import FiscalYear
from ..domain.results import CompiledYear
from ..domain.serialize import answer_to_dict, canonical_json, sha256_hex
from ..errors import AppError, Refused
from ..fileio import os_error_to_app_error, write_bytes_atomic
from . import enrolment
from .importing import (
    MAX_SUBMISSION_BYTES,
    SUBMISSION_SUFFIX,
    TEMP_PREFIX,
    ImportOutcome,
    ImportResult,
    all_ok,
    check_file_name,
    expand_submission_paths,
    folder_result,
    incomplete_refusal,
    result_label,
    skipped,
)
from .setup import admin_keys
from .workspace import Workspace

if TYPE_CHECKING:
    from ..exchange import FileKind, Submission


class AdminWorkspace(Workspace):
    def __init__(self, db: storage.Database, user_name: str = "") -> None:
        if db.role != "admin":
            db.close()
            raise Refused("service.not_admin_db", path=str(db.path))
        self.db = db
        self.user_name = user_name or _os_user()
        self.keys = admin_keys(db)

    # -- what the database holds ---------------------------------------------------------
    def organization(self, fy: FiscalYear | None = None) -> Organization:
        """The department list of ``fy`` (that year's bundle), or the latest one stored."""
        if fy is not None:
            rec = storage.get_year(self.db, fy.start_year)
            if rec is not None:
                return rec.organization
        return storage.load_organization(self.db)

    def years(self) -> list[FiscalYear]:
        found = set(storage.years(self.db)) | {r.fiscal_year for r in storage.list_years(self.db)}
        return [FiscalYear(y) for y in sorted(found)]

    def working_year(self) -> FiscalYear:
        """The year the dashboard opens on: the latest with submissions or progress reports,
        else the latest with a bundle, else this fiscal year."""
        years = self.years()
        for fy in reversed(years):
            if storage.list_assessments(self.db, fy.start_year) or storage.progress_notes(
                self.db, fy.start_year
            ):
                return fy
        return years[-1] if years else FiscalYear.current()

    def checklist_for(self, fy: FiscalYear) -> Checklist:
        rec = storage.get_year(self.db, fy.start_year)
        if rec is not None:
            sha = rec.checklist_sha256
        else:
            records = storage.list_assessments(self.db, fy.start_year)
            if not records:
                raise Refused("service.year_not_bundled", year=fy.label_ja)
            sha = records[0].checklist_sha256
        return storage.load_checklist(self.db, sha)

    def year_data(self, fy: FiscalYear) -> YearData:
        checklist = self.checklist_for(fy)
        org = self.organization(fy)
        per = {}
        for rec in storage.list_assessments(self.db, fy.start_year):
            if org.has(rec.department_code):
                per[rec.department_code] = self._assessment(rec, org)
        return YearData(fy, checklist, org, per)

    def department_assessment(self, fy: FiscalYear, code: str) -> DepartmentAssessment | None:
        """One department's received answers (for the read-only view), or None if nothing final arrived."""
        org = self.organization(fy)
        rec = storage.get_assessment(self.db, fy.start_year, code)
        if rec is None or not org.has(code):
            return None
        return self._assessment(rec, org)

    def _assessment(self, rec: storage.AssessmentRecord, org: Organization) -> DepartmentAssessment:
        return DepartmentAssessment(
            department=org.department(rec.department_code),
            state=rec.state,
            answers=storage.load_answers(self.db, rec.id),
            submitted_at=rec.submitted_at,
            revision=rec.revision,
            inspector=rec.inspector or "",
        )

    def compile(self, fy: FiscalYear, today: _dt.date | None = None) -> CompiledYear:
        current = self.year_data(fy)
        previous = None
        if fy.previous() in self.years():
            try:
                previous = self.year_data(fy.previous())
            except Refused:
                previous = None
        return compile_year(current, previous, today=today)

    # -- import ----------------------------------------------------------------------
    def import_paths(
        self, paths: Iterable[Path | str], progress: Callable[[int, int, ImportResult], None] | None = None
    ) -> list[ImportResult]:
        files = list(expand_submission_paths(paths))
        results = []
        for n, path in enumerate(files, start=1):
            result = self.import_file(path)
            results.append(result)
            if progress:
                progress(n, len(files), result)
        return results

    def import_file(self, path: Path | str) -> ImportResult:
        """Verify, decrypt, check, store — all or nothing for this file, and always an outcome:
        whatever a file holds, the next file is imported as if this one had not been there."""
        path = Path(path)
        try:
            return self._import(path)
        except AppError as exc:
            return ImportResult(path, ImportOutcome.REJECTED, exc.message)
        except Exception as exc:  # noqa: BLE001 - a programming error must not stop a folder import
            from ..logs import write_crash

            try:
                log = str(write_crash(exc, context=f"import {path.name}"))
            except Exception:  # noqa: BLE001 - even the log failed
                log = "-"
            return ImportResult(path, ImportOutcome.REJECTED, i18n.t("importing.unexpected", log=log))

    def _import(self, path: Path) -> ImportResult:
        from ..exchange import HEAD_BYTES, FileKind, decode_submission, file_kind

        if path.is_dir():
            return folder_result(path)
        if path.name.startswith(TEMP_PREFIX):
            return skipped(path, "importing.skip_temporary")
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(HEAD_BYTES)
            kind = file_kind(head)
            named = path.suffix == SUBMISSION_SUFFIX
            if kind is not FileKind.SUBMISSION and not named:
                return _not_a_submission(path, kind, size)
            if size > MAX_SUBMISSION_BYTES:
                raise Refused(
                    "service.submission_too_large", path=str(path), mb=MAX_SUBMISSION_BYTES // (1024 * 1024)
                )
            data = path.read_bytes()
        except OSError as exc:
            raise os_error_to_app_error(exc, path) from None
        file_sha = hashlib.sha256(data).hexdigest()
        if storage.find_by_file_hash(self.db, file_sha) is not None:
            return ImportResult(path, ImportOutcome.UNCHANGED)
        sub = decode_submission(data, self.keys, str(path))
        check_file_name(path, sub)
        fy = FiscalYear(sub.fiscal_year)
        org = self.organization(fy)
        if not org.has(sub.department_code):
            raise Refused("service.reject_unknown_department", code=sub.department_code)
        checklist = self.checklist_for(fy)
        if sub.checklist_sha256 != checklist.sha256:
            raise Refused(
                "service.reject_checklist_mismatch", version=sub.checklist_version, year=fy.label_ja
            )
        trust = enrolment.decide(self.db, sub, org)  # enrolled key, a valid 登録コード proof, or refused
        if sub.is_progress:
            return self._import_progress(path, sub, fy, checklist, trust)
        payload = canonical_json(submission_content(sub))
        latest = storage.latest_submission(self.db, sub.department_code, fy.start_year)
        outcome = ImportOutcome.IMPORTED
        if latest is not None:
            if sub.revision < latest.revision:
                raise Refused("service.reject_older_revision", held=latest.revision, revision=sub.revision)
            if sub.revision == latest.revision:
                if sha256_hex(
                    latest.payload if isinstance(latest.payload, bytes) else latest.payload.encode("utf-8")
                ) == sha256_hex(payload):
                    return ImportResult(
                        path,
                        ImportOutcome.UNCHANGED,
                        department_code=sub.department_code,
                        fiscal_year=fy.start_year,
                        revision=sub.revision,
                    )
                raise Refused("service.reject_same_revision_conflict", revision=sub.revision)
            if sub.chain_seq <= (latest.chain_seq or 0) and not trust.new_chain:
                raise Refused("service.reject_rollback")
            outcome = ImportOutcome.REPLACED
        answers = {a.item_id: a for a in sub.answers}
        for item_id in answers:
            if not checklist.has_item(item_id):
                raise Refused(
                    "service.reject_checklist_mismatch", version=sub.checklist_version, year=fy.label_ja
                )
        missing = incomplete_items(checklist.applicable_items(org.department(sub.department_code)), answers)
        if missing:  # the department's program refuses this too; a final file must be whole
            raise incomplete_refusal(missing)
        with self.db.transaction():
            storage.record_submission(
                self.db,
                department_code=sub.department_code,
                fiscal_year=fy.start_year,
                checklist_sha256=sub.checklist_sha256,
                revision=sub.revision,
                chain_head=sub.chain_head,
                chain_seq=sub.chain_seq,
                file_sha256=file_sha,
                payload=payload,
                received_at=_now(),
            )
            rec = storage.get_assessment(self.db, fy.start_year, sub.department_code)
            if rec is None:
                rec = storage.create_assessment(
                    self.db, fy.start_year, sub.department_code, sub.checklist_sha256, inspector=sub.inspector
                )
            storage.set_assessment_state(
                self.db,
                rec.id,
                AssessmentState.SUBMITTED,
                actor=self.user_name,
                revision=sub.revision,
                submitted_at=sub.submitted_at,
                chain_head=sub.chain_head,
                inspector=sub.inspector,
                return_message="",
            )
            storage.replace_answers(self.db, rec.id, list(sub.answers), actor=self.user_name, event="import")
            trust.record(self.db, self.user_name)
        return ImportResult(
            path,
            outcome,
            department_code=sub.department_code,
            fiscal_year=fy.start_year,
            revision=sub.revision,
        )

    def _import_progress(
        self, path: Path, sub: Submission, fy: FiscalYear, checklist: Checklist, trust: enrolment.KeyDecision
    ) -> ImportResult:
        """A progress report (途中経過): remember how far the department is; no answers are stored."""
        code = sub.department_code
        held = storage.get_progress(self.db, fy.start_year, code)
        done = ImportResult(
            path,
            ImportOutcome.UNCHANGED,
            department_code=code,
            fiscal_year=fy.start_year,
            revision=sub.revision,
        )
        if held is not None:
            if held.chain_seq == sub.chain_seq and held.chain_head == sub.chain_head:
                return done
            if held.chain_seq >= sub.chain_seq and not trust.new_chain:
                raise Refused("service.reject_older_progress")
        latest = storage.latest_submission(self.db, code, fy.start_year)
        if latest is not None and (latest.chain_seq or 0) >= sub.chain_seq and not trust.new_chain:
            raise Refused("service.reject_progress_before_submission", revision=latest.revision)
        answers = {a.item_id: a for a in sub.answers}
        if any(not checklist.has_item(item_id) for item_id in answers):
            raise Refused(
                "service.reject_checklist_mismatch", version=sub.checklist_version, year=fy.label_ja
            )
        items = checklist.applicable_items(self.organization(fy).department(code))
        answered = sum(1 for i in items if i.id in answers and answers[i.id].is_answered)
        with self.db.transaction():
            storage.set_progress(
                self.db,
                storage.ProgressRecord(
                    fy.start_year,
                    code,
                    answered,
                    len(items),
                    sub.submitted_at,
                    sub.chain_seq,
                    sub.chain_head,
                    sub.inspector,
                ),
                actor=self.user_name,
            )
            trust.record(self.db, self.user_name)
        outcome = ImportOutcome.REPLACED if held is not None else ImportOutcome.IMPORTED
        return ImportResult(
            path, outcome, department_code=code, fiscal_year=fy.start_year, revision=sub.revision
        )

    def progress(self, fy: FiscalYear) -> dict[str, ProgressNote]:
        """The latest progress report (途中経過) of each department, by department code."""
        return {
            n.department_code: ProgressNote(n.answered, n.total, n.sent_at)
            for n in storage.progress_notes(self.db, fy.start_year)
        }

    # -- 差し戻し ------------------------------------------------------------------------
    def send_back(self, fy: FiscalYear, department_code: str, message: str | None, out: Path | str) -> Path:
        """Write a return notice (差し戻し) and mark the department 差し戻し.

        While the department is 差し戻し for its current revision, the notice can be issued
        again (a deleted or lost file): the same message unless a new one is given."""
        return self.send_back_notice(fy, department_code, message, out)[0]

    def send_back_notice(
        self, fy: FiscalYear, department_code: str, message: str | None, out: Path | str
    ) -> tuple[Path, int | None]:
        """:meth:`send_back`, and the revision when the notice was issued again (None the first time)."""
        from ..exchange import ReturnNotice, encode_return_notice

        rec = storage.get_assessment(self.db, fy.start_year, department_code)
        again = rec is not None and rec.state is AssessmentState.RETURNED and rec.revision > 0
        if rec is None or not (again or rec.state is AssessmentState.SUBMITTED):
            raise Refused("service.department_not_submitted", code=department_code, year=fy.label_ja)
        text = (message or "").strip() or (rec.return_message if again else "")
        if not text:
            raise Refused("importing.return_message_needed")
        notice = ReturnNotice(
            department_code=department_code,
            fiscal_year=fy.start_year,
            revision_returned=rec.revision,
            message=text,
            issued_at=_now(),
            issuer=self.organization().name,
        )
        data = encode_return_notice(notice, self.keys)
        out = Path(out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error_to_app_error(exc, out) from None
        with self.db.transaction():
            storage.set_assessment_state(
                self.db, rec.id, AssessmentState.RETURNED, actor=self.user_name, return_message=notice.message
            )
            out = write_bytes_atomic(out, data, mode=0o644)
        return Path(out), (rec.revision if again else None)


def submission_content(sub: Submission) -> dict[str, object]:
    """The part of a submission that defines 'the same submission' (not the file bytes)."""
    return {
        "department_code": sub.department_code,
        "fiscal_year": sub.fiscal_year,
        "checklist_sha256": sub.checklist_sha256,
        "revision": sub.revision,
        "inspector": sub.inspector,
        "submitted_at": sub.submitted_at.isoformat(),
        "chain_head": sub.chain_head,
        "chain_seq": sub.chain_seq,
        "answers": [answer_to_dict(a) for a in sub.answers],
    }


def _not_a_submission(path: Path, kind: FileKind, size: int) -> ImportResult:
    """The line for a file that is no submission by content or by name (listed, never imported)."""
    from ..exchange import FileKind

    if size == 0:
        return skipped(path, "importing.skip_empty_file")
    key = {
        FileKind.BUNDLE: "importing.skip_bundle",
        FileKind.RETURN_NOTICE: "importing.skip_return_notice",
        FileKind.OTHER_FAMILY: "importing.skip_other_kind",
    }.get(kind, "importing.skip_not_a_submission")
    return skipped(path, key)


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone().replace(microsecond=0)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return ""


__all__: Sequence[str] = [
    "AdminWorkspace",
    "ImportOutcome",
    "ImportResult",
    "MAX_SUBMISSION_BYTES",
    "SUBMISSION_SUFFIX",
    "all_ok",
    "expand_submission_paths",
    "result_label",
]
