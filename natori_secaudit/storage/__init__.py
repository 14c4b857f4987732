"""Encrypted storage: the only place with SQL and the only user of the SQLCipher driver."""

from .assessments_repo import (
    AssessmentRecord,
    SubmissionRecord,
    create_assessment,
    find_by_file_hash,
    get_assessment,
    get_assessment_by_id,
    latest_submission,
    list_assessments,
    load_answers,
    record_submission,
    replace_answers,
    save_answer,
    save_answers,
    set_assessment_state,
    submission_history,
    years,
)
from .audit import append as audit_append
from .audit import entries as audit_entries
from .audit import head as audit_head
from .audit import verify_chain
from .backup import BackupInfo, backup_now, daily_backup, list_backups, restore
from .content_repo import (
    get_setting,
    list_checklists,
    load_checklist,
    load_key,
    load_organization,
    set_setting,
    setting_keys,
    store_checklist,
    store_key,
    store_organization,
)
from .database import Database, VerifyReport
from .driver import cipher_version

__all__ = [name for name in dir() if not name.startswith("_")]
