"""A department's next fiscal year: load the IT division's new bundle into the existing database.

One department database serves for years: the signing key the IT division
knows, the answers to carry over and the year-over-year view all live in it.
A new year's bundle is accepted only when it is signed by the IT division
key this database already trusts, and only for this department (or the
department that continues it after a reorganisation, 組織改編).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import storage
from ..domain.assessment import AssessmentState
from ..domain.fiscal_year import FiscalYear
from ..domain.lineage import successors_in
from ..errors import FileAccessError, InvalidInput, Refused
from ..fileio import os_error_to_app_error
from .department import DepartmentWorkspace
from .setup import ADMIN_KEY

if TYPE_CHECKING:
    from ..exchange import Bundle
    from ..exchange.enrolment import EnrolmentCode


@dataclass(frozen=True)
class BundleInfo:
    """What a bundle file says, read and verified before anything is stored (for the prompt)."""

    path: Path
    fiscal_year: FiscalYear
    checklist_title: str
    checklist_version: str
    issuer: str
    fingerprint: str
    newer: bool  # newer than every year this database holds
    held: bool  # this very bundle was loaded already
    codes: tuple[str, ...]  # this department's code in the bundle (several after a split)
    names: tuple[str, ...] = ()  # the departments' names, by ``codes``


@dataclass(frozen=True)
class BundleAccepted:
    fiscal_year: FiscalYear
    added: bool  # False: this bundle was loaded already; nothing changed
    department_code: str
    department_name: str
    previous_code: str = ""  # the code before a rename or merge
    previous_name: str = ""
    checklist_version: str = ""

    @property
    def renamed(self) -> bool:
        return bool(self.previous_code) and self.previous_code != self.department_code


def _read(path: Path) -> tuple[Bundle, str]:
    from ..exchange import decode_bundle

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileAccessError("common.file_not_found", path=str(path)) from None
    except OSError as exc:
        raise os_error_to_app_error(exc, path) from None
    return decode_bundle(data, str(path)), hashlib.sha256(data).hexdigest()


def _trusted(
    ws: DepartmentWorkspace, bundle: Bundle, path: Path, enrollment_code: str | None = None
) -> EnrolmentCode | None:
    """None when the bundle is signed by the trusted IT division key; the new 登録コード when a code
    issued by the bundle's (new) IT division key for this department was given; Refused otherwise."""
    from ..exchange import AdminPublicKeys
    from .enrolment import parse_for_bundle

    public, _private = storage.load_key(ws.db, ADMIN_KEY)
    if bundle.admin_public.to_bytes() == public:
        return None
    if enrollment_code:
        # A legitimate change of the IT division's key (its database lost with no backup) reaches an
        # existing department database only with a new code that the new key issued for this department.
        for code in successors_in(bundle.organization, ws.department.code) or (ws.department.code,):
            try:
                return parse_for_bundle(
                    enrollment_code, bundle.admin_public.to_bytes(), code, bundle.fingerprint
                )
            except Refused:
                continue
        raise Refused(
            "years.bundle_code_mismatch",
            path=str(path),
            found=bundle.fingerprint,
            trusted=AdminPublicKeys.from_bytes(public).fingerprint(),
        )
    raise Refused(
        "years.bundle_other_key",
        path=str(path),
        trusted=AdminPublicKeys.from_bytes(public).fingerprint(),
        found=bundle.fingerprint,
    )


def _codes(ws: DepartmentWorkspace, bundle: Bundle) -> tuple[str, ...]:
    return successors_in(bundle.organization, ws.department.code)


def inspect_bundle(ws: DepartmentWorkspace, path: Path | str) -> BundleInfo:
    """Read and verify a bundle for this database without storing anything."""
    path = Path(path)
    bundle, sha = _read(path)
    _trusted(ws, bundle, path)
    fy = FiscalYear(bundle.fiscal_year)
    year = storage.get_year(ws.db, fy.start_year)
    years = ws.years()
    codes = _codes(ws, bundle)
    return BundleInfo(
        path,
        fy,
        bundle.checklist.title,
        bundle.checklist.version,
        bundle.issuer,
        bundle.fingerprint,
        newer=not years or fy > max(years),
        held=year is not None and year.bundle_sha256 == sha,
        codes=codes,
        names=tuple(bundle.organization.department(c).name for c in codes),
    )


def accept_bundle(
    ws: DepartmentWorkspace,
    path: Path | str,
    department_code: str | None = None,
    enrollment_code: str | None = None,
) -> BundleAccepted:
    """Add the bundle's fiscal year to this department database (idempotent).

    ``department_code`` chooses among successors when the department was split;
    otherwise the department's own code, or the single department that continues it.
    ``enrollment_code``: a new 登録コード, needed only when the IT division's key changed.
    """
    path = Path(path)
    bundle, sha = _read(path)
    new_code = _trusted(ws, bundle, path, enrollment_code)
    fy = FiscalYear(bundle.fiscal_year)
    org = bundle.organization
    old = ws.department
    codes = _codes(ws, bundle)
    if department_code is not None:
        if department_code not in codes:
            raise InvalidInput(
                "years.bundle_not_successor",
                code=department_code,
                department=old.name,
                codes=", ".join(codes) or "-",
            )
        code = department_code
    elif len(codes) == 1:
        code = codes[0]
    elif not codes:
        raise Refused(
            "years.bundle_no_department", code=old.code, department=old.name, year=fy.label_ja, path=str(path)
        )
    else:
        raise InvalidInput(
            "years.bundle_choose_department",
            department=old.name,
            choices=", ".join(f"{c}（{org.department(c).name}）" for c in codes),
        )
    new = org.department(code)
    held = storage.get_year(ws.db, fy.start_year)
    record = storage.list_assessments(ws.db, fy.start_year)
    if held is not None and held.bundle_sha256 == sha and record:
        return BundleAccepted(
            fy, False, record[0].department_code, new.name, checklist_version=bundle.checklist.version
        )
    if record:
        rec = record[0]
        if rec.checklist_sha256 != bundle.checklist.sha256 and rec.state is not AssessmentState.NOT_STARTED:
            raise Refused("years.bundle_year_started", year=fy.label_ja, path=str(path))
        if rec.department_code != code:
            raise Refused("years.bundle_year_other_code", year=fy.label_ja, code=rec.department_code)
    if fy < ws.current_year() and not record:
        raise Refused("years.bundle_older_year", year=fy.label_ja, current=ws.current_year().label_ja)
    with ws.db.transaction():
        if new_code is not None:  # the IT division's new key, proven by its new 登録コード
            from .enrolment import store_own_code

            storage.store_key(ws.db, ADMIN_KEY, bundle.admin_public.to_bytes(), None)
            store_own_code(ws.db, code, new_code, actor=ws.actor)
            storage.audit_append(
                ws.db,
                actor=ws.actor,
                event="admin_key_changed",
                subject=code,
                new={"fingerprint": bundle.fingerprint},
            )
        sha_checklist = storage.store_checklist(ws.db, bundle.checklist, actor=ws.actor)
        if not record:
            storage.create_assessment(ws.db, fy.start_year, code, sha_checklist)
        elif record[0].checklist_sha256 != sha_checklist:
            storage.set_assessment_checklist(ws.db, record[0].id, sha_checklist, actor=ws.actor)
        storage.set_year(ws.db, fy.start_year, sha_checklist, org, bundle_sha256=sha, actor=ws.actor)
        if fy >= ws.current_year():
            storage.store_organization(ws.db, org, actor=ws.actor)
            if code != ws.db.department_code:
                ws.db.set_meta("department_code", code)
        storage.audit_append(
            ws.db,
            actor=ws.actor,
            event="bundle_accepted",
            subject=str(fy.start_year),
            old={"department": old.code} if code != old.code else None,
            new={"department": code, "checklist": bundle.checklist.version, "bundle_sha256": sha},
        )
    ws.reload_identity()
    return BundleAccepted(
        fy,
        True,
        code,
        new.name,
        previous_code=old.code if code != old.code else "",
        previous_name=old.name if code != old.code else "",
        checklist_version=bundle.checklist.version,
    )
