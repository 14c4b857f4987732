"""Creating, checking and maintaining databases; making and reading bundles."""

from __future__ import annotations

import datetime as _dt
import getpass
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n, storage
from ..domain.assessment import AssessmentState
from ..domain.checklist import Checklist, Organization
from ..domain.fiscal_year import FiscalYear
from ..errors import InvalidInput, Refused
from ..fileio import write_bytes_atomic
from . import paths

if TYPE_CHECKING:
    from ..exchange import AdminKeys, Bundle
    from ..loading import Problem
    from .admin import AdminWorkspace
    from .department import DepartmentWorkspace

ADMIN_KEY = "admin"
DEPARTMENT_KEY = "department_signing"


def default_department_db() -> Path:
    return paths.default_department_db()


def default_admin_db() -> Path:
    return paths.default_admin_db()


# -- passphrases: the one rule (the CLI, the wizard and every service here use it) ----------
MIN_PASSPHRASE_LENGTH = 8


def passphrase_rule() -> str:
    """The rule in the user's language, for the screen that asks for a new passphrase."""
    return i18n.t("safekeeping.passphrase_rule", min=MIN_PASSPHRASE_LENGTH)


def passphrase_long_enough(text: str) -> bool:
    """Characters as the key sees them (NFC), so a Japanese passphrase counts as typed."""
    return len(unicodedata.normalize("NFC", text or "")) >= MIN_PASSPHRASE_LENGTH


def check_new_passphrase(text: str) -> None:
    """InvalidInput('safekeeping.passphrase_too_short') unless ``text`` may become a passphrase."""
    if not passphrase_long_enough(text):
        raise InvalidInput("safekeeping.passphrase_too_short", min=MIN_PASSPHRASE_LENGTH)


def passphrase_strength(text: str) -> tuple[int, str]:
    """(0..4, message key) — a hint for people choosing a passphrase. Level 0 is below the rule:
    its key is ``safekeeping.passphrase_rule`` (format it with ``min``)."""
    length = len(unicodedata.normalize("NFC", text or ""))
    kinds = sum(
        bool(any(pred(c) for c in text))
        for pred in (
            str.islower,
            str.isupper,
            str.isdigit,
            lambda c: not c.isascii(),
            lambda c: not c.isalnum(),
        )
    )
    if not passphrase_long_enough(text):
        return 0, "safekeeping.passphrase_rule"
    level = 1
    if length >= 12:
        level += 1
    if length >= 16:
        level += 1
    if kinds >= 3:
        level += 1
    level = min(level, 4)
    return level, (
        "gui.strength_weak",
        "gui.strength_weak",
        "gui.strength_fair",
        "gui.strength_good",
        "gui.strength_strong",
    )[level]


# -- the IT division's database ------------------------------------------------------
def create_admin_db(path: Path | str, passphrase: str, user_name: str = "") -> Path:
    create_admin_workspace(path, passphrase, user_name).close()
    return Path(path)


def create_admin_workspace(path: Path | str, passphrase: str, user_name: str = "") -> AdminWorkspace:
    """The IT division's new database (its key pair made here), returned open (close it): the
    first-run screen goes on to the dashboard without deriving the key a second time."""
    from ..exchange import AdminKeys
    from .admin import AdminWorkspace

    check_new_passphrase(passphrase)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = AdminKeys.generate()
    db = storage.Database.create(path, passphrase, "admin")
    try:
        with db.transaction():
            storage.store_key(db, ADMIN_KEY, keys.public().to_bytes(), keys.private_bytes())
            storage.audit_append(
                db,
                actor=user_name or _os_user(),
                event="database_created",
                subject="admin",
                new={"fingerprint": keys.fingerprint()},
            )
        return AdminWorkspace(db, user_name)
    except BaseException:
        db.close()
        raise


def admin_keys(db: storage.Database) -> AdminKeys:
    from ..exchange import AdminKeys

    _public, private = storage.load_key(db, ADMIN_KEY)
    if private is None:
        raise Refused("service.not_admin_db", path=str(db.path))
    return AdminKeys.from_private_bytes(private)


def admin_fingerprint(path: Path | str, passphrase: str) -> str:
    with storage.Database.open(path, passphrase) as db:
        return admin_keys(db).fingerprint()


def find_checklist(checklist_id: str, dirs: Sequence[Path]) -> Checklist:
    return find_checklist_file(checklist_id, dirs)[1]


def find_checklist_file(checklist_id: str, dirs: Sequence[Path]) -> tuple[Path, Checklist]:
    """(file, checklist) for ``checklist_id`` in the folders ``dirs``.

    ``ID`` takes the newest version of all the folders (a tie goes to the earlier folder, the
    user's before the shipped one); ``ID@VERSION`` (``natori-standard@2026.1``) takes exactly
    that version, so a year in progress can keep its checklist after a newer one is shipped.
    A version that does not exist lists the versions found; when only a broken file carries
    the ID, its located problems are the error.
    """
    from ..domain.lineage import version_key
    from ..loading import checklist_files

    checklist_id, _at, version = checklist_id.partition("@")
    found: list[Checklist] = []
    versions: list[str] = []
    matching: list[tuple[Path, Checklist]] = []
    broken: list[Problem] = []
    for folder in dirs:
        if Path(folder).is_dir():
            pairs, problems = checklist_files(folder)
            same_id = [pair for pair in pairs if pair[1].id == checklist_id]
            versions += [c.version for _path, c in same_id]
            matching += [pair for pair in same_id if not version or pair[1].version == version]
            if not same_id and not broken:
                broken = [p for p in problems if checklist_id in str(p.path)]
            found.extend(checklist for _path, checklist in pairs)
    if matching:
        return max(matching, key=lambda pair: version_key(pair[1].version))
    if version and versions:
        raise InvalidInput(
            "checklist.version_not_found",
            id=checklist_id,
            version=version,
            versions=", ".join(sorted(set(versions), key=version_key)),
            dirs=", ".join(str(d) for d in dirs),
        )
    if broken:
        from ..loading import ChecklistFileError

        raise ChecklistFileError(
            "checklist.file_invalid", path=str(broken[0].path), count=len(broken), problems=broken
        )
    raise InvalidInput(
        "service.checklist_not_found",
        id=checklist_id,
        dirs=", ".join(str(d) for d in dirs),
        found=", ".join(sorted({c.id for c in found})) or "-",
    )


def find_organization(dirs: Sequence[Path]) -> Organization:
    from ..loading import load_departments_file

    candidate = paths.departments_file(list(dirs))
    if candidate is not None:
        return load_departments_file(candidate)
    raise InvalidInput("service.departments_not_found", dirs=", ".join(str(d) for d in dirs))


class BundleMade(type(Path())):  # type: ignore[misc]  # PosixPath or WindowsPath
    """The bundle file written, with notes for the IT division in ``warnings``
    (loading.Problem: last year's departments nobody continues, located in the list).

    It is the path itself, so callers written when make_bundle returned a Path keep working.
    """

    warnings: tuple[Problem, ...] = ()

    @property
    def path(self) -> Path:
        return Path(self)


def make_bundle(
    admin_db: Path | str,
    passphrase: str,
    year: int,
    checklist_id: str,
    out: Path | str,
    *,
    checklist_dirs: Sequence[Path] | None = None,
    user_name: str = "",
) -> BundleMade:
    """Store the checklist snapshot and department list for the year; write the bundle.

    When the database holds the year before, ``replaces`` and ``formerly`` are checked
    against its checklist and department list first: a link to something last year did
    not have refuses the bundle (ChecklistFileError, located in the files).
    """
    from ..exchange import Bundle, encode_bundle
    from ..loading import check_against_last_year

    dirs = list(checklist_dirs or paths.checklist_dirs())
    checklist_path, checklist = find_checklist_file(checklist_id, dirs)
    org = find_organization(dirs)
    departments_path = paths.departments_file(dirs)
    fy = FiscalYear(year)
    with storage.Database.open(admin_db, passphrase) as db:
        if db.role != "admin":
            raise Refused("service.not_admin_db", path=str(db.path))
        keys = admin_keys(db)
        last = storage.get_year(db, fy.start_year - 1)
        warnings: list[Problem] = []
        if last is not None:
            warnings = check_against_last_year(
                checklist_path,
                departments_path,
                storage.load_checklist(db, last.checklist_sha256),
                last.organization,
                str(fy.start_year - 1),
            )
        with db.transaction():
            sha = storage.store_checklist(db, checklist)
            storage.store_organization(db, org)
            held = storage.get_year(db, fy.start_year)  # keep a deadline set in the app
            storage.set_year(
                db,
                fy.start_year,
                sha,
                org,
                actor=user_name or _os_user(),
                deadline=held.deadline if held else None,
            )
            storage.audit_append(
                db,
                actor=user_name or _os_user(),
                event="bundle",
                subject=str(fy.start_year),
                new={"checklist": checklist.id, "version": checklist.version, "sha256": sha},
            )
        checklist = storage.load_checklist(db, sha)
        bundle = Bundle(
            fiscal_year=fy.start_year,
            checklist=checklist,
            organization=org,
            admin_public=keys.public(),
            created_at=_now(),
            issuer=org.name,
        )
        data = encode_bundle(bundle, keys)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    made = BundleMade(write_bytes_atomic(out, data, mode=0o644))
    made.warnings = tuple(warnings)
    return made


def read_bundle(path: Path | str) -> Bundle:
    from ..exchange import decode_bundle

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        from ..fileio import os_error_to_app_error

        raise os_error_to_app_error(exc, path) from None
    return decode_bundle(data, str(path))


# -- a department's database ------------------------------------------------------------
def create_department_db(
    db_path: Path | str,
    passphrase: str,
    bundle_path: Path | str,
    department_code: str,
    user_name: str = "",
    *,
    enrollment_code: str | None,
) -> Path:
    """A department's database from the IT division's bundle and the 登録コード it issued for this department.

    The code is checked against the bundle's IT division key before anything is stored: a bundle made by
    anybody else (a forged one in the shared folder) is refused here, with the real department's code.
    """
    with create_department_workspace(
        db_path, passphrase, bundle_path, department_code, user_name, enrollment_code=enrollment_code
    ) as ws:
        return ws.path


def create_department_workspace(
    db_path: Path | str,
    passphrase: str,
    bundle_path: Path | str,
    department_code: str,
    user_name: str = "",
    *,
    enrollment_code: str | None,
) -> DepartmentWorkspace:
    """:func:`create_department_db`, returning the new database open as a DepartmentWorkspace (close it).

    Opening the file again would derive the key from the passphrase once more (about 70 ms each).
    """
    from .department import DepartmentWorkspace

    check_new_passphrase(passphrase)
    from ..exchange import DepartmentSigningKey
    from .enrolment import parse_for_bundle, store_own_code

    bundle = read_bundle(bundle_path)
    org: Organization = bundle.organization
    if not org.has(department_code):
        raise InvalidInput(
            "service.unknown_department",
            code=department_code,
            codes=", ".join(d.code for d in org.departments),
        )
    code = parse_for_bundle(
        enrollment_code, bundle.admin_public.to_bytes(), department_code, bundle.fingerprint
    )
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    signing = DepartmentSigningKey.generate()
    db = storage.Database.create(db_path, passphrase, "department", department_code=department_code)
    try:
        with db.transaction():
            storage.store_organization(db, org)
            sha = storage.store_checklist(db, bundle.checklist)
            storage.store_key(db, ADMIN_KEY, bundle.admin_public.to_bytes(), None)
            storage.store_key(db, DEPARTMENT_KEY, signing.public_bytes(), signing.private_bytes())
            storage.create_assessment(db, bundle.fiscal_year, department_code, sha)
            storage.set_year(db, bundle.fiscal_year, sha, org)
            store_own_code(db, department_code, code, actor=user_name or _os_user())
            storage.audit_append(
                db,
                actor=user_name or _os_user(),
                event="database_created",
                subject=department_code,
                new={"fiscal_year": bundle.fiscal_year, "checklist": bundle.checklist.version},
            )
        return DepartmentWorkspace(db, user_name)
    except BaseException:
        db.close()
        raise


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return ""


__all__ = [
    "AssessmentState",
    "BundleMade",
    "admin_fingerprint",
    "admin_keys",
    "check_new_passphrase",
    "create_admin_db",
    "create_department_db",
    "create_department_workspace",
    "find_checklist",
    "find_checklist_file",
    "find_organization",
    "make_bundle",
    "MIN_PASSPHRASE_LENGTH",
    "passphrase_rule",
    "passphrase_strength",
    "read_bundle",
]
