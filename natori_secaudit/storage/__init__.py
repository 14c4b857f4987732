"""Encrypted storage: the only place with SQL and the only user of the SQLCipher driver.

Public API (everything else in this package is internal):

* :class:`Database` (create/open/close, transaction, meta, verify, rekey, backup_to), :class:`VerifyReport`
* :func:`cipher_version`
* repositories: checklists, organisation, keys, assessments, answers, submissions, settings
* audit log: :func:`audit_append`, :func:`audit_head`, :func:`audit_entries`, :func:`verify_chain`
* backups: :func:`backup_now`, :func:`backup_elsewhere`, :func:`on_same_disk`, :func:`daily_backup`, :func:`list_backups`, :func:`restore`, :class:`BackupInfo`
"""

from .answers_repo import load_answers, replace_answers, save_answer, save_answers
from .assessments_repo import (
    AssessmentRecord,
    create_assessment,
    get_assessment,
    get_assessment_by_id,
    list_assessments,
    set_assessment_checklist,
    set_assessment_state,
    years,
)
from .audit import AuditEntry, verify_chain
from .audit import append as audit_append
from .audit import entries as audit_entries
from .audit import head as audit_head
from .backup import (
    BackupInfo,
    backup_elsewhere,
    backup_now,
    daily_backup,
    list_backups,
    on_same_disk,
    restore,
)
from .checklists_repo import list_checklists, load_checklist, store_checklist
from .database import Database, VerifyReport
from .driver import cipher_version
from .follow_up_repo import passphrase_opens
from .keys_repo import load_key, store_key
from .org_repo import load_organization, store_organization
from .sent_repo import sent_submission, store_sent_submission
from .settings_repo import get_setting, set_setting, setting_keys
from .submissions_repo import (
    SubmissionRecord,
    find_by_file_hash,
    latest_submission,
    record_submission,
    submission_history,
)
from .trust_repo import (
    EnrolmentRecord,
    KeyRecord,
    ProgressRecord,
    add_enrolment,
    current_key,
    enrolments,
    find_key,
    get_progress,
    key_fingerprint,
    key_history,
    open_enrolments,
    progress_notes,
    set_progress,
    trust_key,
)
from .years_repo import YearRecord, get_year, list_years, set_year

__all__ = [
    "AssessmentRecord",
    "AuditEntry",
    "EnrolmentRecord",
    "KeyRecord",
    "ProgressRecord",
    "add_enrolment",
    "current_key",
    "enrolments",
    "find_key",
    "get_progress",
    "key_fingerprint",
    "key_history",
    "open_enrolments",
    "progress_notes",
    "set_progress",
    "trust_key",
    "YearRecord",
    "get_year",
    "list_years",
    "set_year",
    "BackupInfo",
    "Database",
    "SubmissionRecord",
    "VerifyReport",
    "audit_append",
    "audit_entries",
    "audit_head",
    "backup_elsewhere",
    "backup_now",
    "on_same_disk",
    "cipher_version",
    "passphrase_opens",
    "create_assessment",
    "daily_backup",
    "find_by_file_hash",
    "get_assessment",
    "get_assessment_by_id",
    "get_setting",
    "latest_submission",
    "list_assessments",
    "list_backups",
    "list_checklists",
    "load_answers",
    "load_checklist",
    "load_key",
    "load_organization",
    "record_submission",
    "replace_answers",
    "restore",
    "save_answer",
    "save_answers",
    "set_assessment_checklist",
    "set_assessment_state",
    "set_setting",
    "setting_keys",
    "store_checklist",
    "store_key",
    "store_organization",
    "submission_history",
    "verify_chain",
    "years",
    "sent_submission",
    "store_sent_submission",
]
