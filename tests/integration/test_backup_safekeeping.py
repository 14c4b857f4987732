"""The IT division's key and data survive the loss of its PC: `backup --out`, `restore --db NEW --from`.

Everything through the command line, as the IT division would type it.
"""

from __future__ import annotations

import re
import shutil

import pytest

from natori_secaudit.cli import main

from .conftest import SMALL

ADMIN = "管理用の合言葉 2026 admin"
DEPT = "所属の合言葉 2026 dept"
ITEMS = {"doboku": ("A-1", "B-1", "B-3"), "toshokan": ("A-1", "A-2", "B-1", "B-3")}


def cli(capsys, monkeypatch, secret, *argv):
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", secret)
    code = main(["--checklists", str(SMALL), *map(str, argv)])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def ok(capsys, monkeypatch, secret, *argv) -> str:
    code, out, err = cli(capsys, monkeypatch, secret, *argv)
    assert code == 0, err
    return out


def department(capsys, monkeypatch, tmp_path, bundle, code, admin) -> object:
    db = tmp_path / "departments" / f"{code}.db"
    enrolled = ok(capsys, monkeypatch, ADMIN, "enroll", "--db", admin, "--department", code)
    monkeypatch.setenv("NATORI_SECAUDIT_ENROLLMENT_CODE", enrolled.splitlines()[-1])
    ok(
        capsys,
        monkeypatch,
        DEPT,
        "init",
        "--db",
        db,
        "--role",
        "department",
        "--bundle",
        bundle,
        "--department",
        code,
    )
    answer(capsys, monkeypatch, tmp_path, db, code)
    return db


def answer(capsys, monkeypatch, tmp_path, db, code, comment=""):
    csv = tmp_path / f"{code}.csv"
    csv.write_text(
        "item_id,status,comment,evidence,action,due\n"
        + "".join(f"{i},実施,{comment},,,\n" for i in ITEMS[code]),
        encoding="utf-8",
    )
    ok(capsys, monkeypatch, DEPT, "answers", "import", "--db", db, "--year", "2026", csv)


def import_lines(capsys, monkeypatch, admin, *paths) -> list[str]:
    code, out, err = cli(capsys, monkeypatch, ADMIN, "import", "--db", admin, *paths)
    assert code == 0, out + err
    return [line.rsplit(": ", 1)[1] for line in out.splitlines()]


def test_after_losing_the_admin_pc_a_restored_copy_imports_old_and_new_submissions(
    tmp_path, capsys, monkeypatch
):
    admin_dir, usb, shared = tmp_path / "admin-pc", tmp_path / "usb", tmp_path / "shared"
    usb.mkdir()
    admin = admin_dir / "admin.db"
    out = ok(capsys, monkeypatch, ADMIN, "init", "--db", admin, "--role", "admin")
    fingerprint = re.search(r"[0-9A-F]{4}(?:-[0-9A-F]{4})+", out).group(0)
    bundle = tmp_path / "2026.natori-bundle"
    ok(
        capsys,
        monkeypatch,
        ADMIN,
        "bundle",
        "--db",
        admin,
        "--year",
        "2026",
        "--checklist",
        "small",
        "--out",
        bundle,
    )
    doboku = department(capsys, monkeypatch, tmp_path, bundle, "doboku", admin)
    ok(capsys, monkeypatch, DEPT, "submit", "--db", doboku, "--year", "2026", "--out", shared)
    first = shared / "2026_doboku_r1.natori-submission"
    assert import_lines(capsys, monkeypatch, admin, first) == ["imported"]

    out = ok(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", usb)
    (copy,) = usb.glob("admin-*-copy.db")
    assert str(copy) in out and "施錠" in out  # says where, and how to keep it
    assert "同じディスク" in out  # tmp_path is one disk: the command says so

    shutil.rmtree(admin_dir)  # the PC is gone: database, backups/, sidecar, everything
    new_admin = tmp_path / "new-pc" / "data" / "admin.db"
    out = ok(capsys, monkeypatch, ADMIN, "restore", "--db", new_admin, "--from", copy)
    assert str(new_admin) in out and fingerprint in out  # the same key as before
    assert import_lines(capsys, monkeypatch, new_admin, first) == ["unchanged"]

    toshokan = department(
        capsys, monkeypatch, tmp_path, bundle, "toshokan", new_admin
    )  # enrolled after restore
    ok(capsys, monkeypatch, DEPT, "submit", "--db", toshokan, "--year", "2026", "--out", shared)
    assert import_lines(capsys, monkeypatch, new_admin, shared / "2026_toshokan_r1.natori-submission") == [
        "imported"
    ]

    notice = tmp_path / "doboku.natori-return"  # 差し戻し from the restored database, second revision
    ok(
        capsys,
        monkeypatch,
        ADMIN,
        "return",
        "--db",
        new_admin,
        "--year",
        "2026",
        "--department",
        "doboku",
        "--message",
        "B-3 の根拠を書いてください",
        "--out",
        notice,
    )
    ok(capsys, monkeypatch, DEPT, "accept-return", "--db", doboku, notice)
    answer(capsys, monkeypatch, tmp_path, doboku, "doboku", comment="根拠を追記")
    ok(capsys, monkeypatch, DEPT, "submit", "--db", doboku, "--year", "2026", "--out", shared)
    assert import_lines(capsys, monkeypatch, new_admin, shared / "2026_doboku_r2.natori-submission") == [
        "replaced"
    ]  # the CLI contract's word for an accepted newer revision
    code, out, _ = cli(capsys, monkeypatch, ADMIN, "verify", "--db", new_admin)
    assert code == 0 and "問題ありません" in out


def test_backup_out_is_never_pruned_by_the_rotation(tmp_path, capsys, monkeypatch):
    admin = tmp_path / "admin.db"
    ok(capsys, monkeypatch, ADMIN, "init", "--db", admin, "--role", "admin")
    rotation = tmp_path / "backups"
    rotation.mkdir()
    kept = [rotation / "kept-by-name.db"]
    ok(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", kept[0])
    for _ in range(2):
        out = ok(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", rotation)
        kept.append(next(p for p in rotation.glob("admin-*-copy*.db") if str(p) in out))
    from natori_secaudit import storage

    with storage.Database.open(admin, ADMIN) as db:
        for _ in range(4):
            storage.backup_now(db, keep=1)
    assert all(p.exists() for p in kept)
    regular = [b for b in storage.list_backups(admin) if b.reason == ""]
    assert len(regular) == 1
    code, _out, err = cli(
        capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", rotation / "admin-20260401-090000.db"
    )
    assert code == 2 and "自動で古い順に削除" in err and not (rotation / "admin-20260401-090000.db").exists()


def test_backup_out_refuses_a_missing_folder_and_an_existing_file(tmp_path, capsys, monkeypatch):
    admin = tmp_path / "admin.db"
    ok(capsys, monkeypatch, ADMIN, "init", "--db", admin, "--role", "admin")
    missing = tmp_path / "E-drive-not-plugged-in"
    code, _out, err = cli(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", missing / "admin.db")
    assert code == 1 and "フォルダーがありません" in err and str(missing) in err
    code, _out, err = cli(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", f"{missing}/")
    assert code == 1 and "フォルダーがありません" in err
    assert not missing.exists()
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"keep me")
    code, _out, err = cli(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", taken)
    assert code == 1 and "上書きはしません" in err and taken.read_bytes() == b"keep me"
    code, _out, err = cli(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", admin)
    assert code == 1 and "上書きはしません" in err
    code, out, _err = cli(capsys, monkeypatch, ADMIN, "verify", "--db", admin)
    assert code == 0


def test_backup_out_opens_with_the_same_passphrase_only(tmp_path, capsys, monkeypatch):
    admin = tmp_path / "pc" / "admin.db"
    ok(capsys, monkeypatch, ADMIN, "init", "--db", admin, "--role", "admin")
    copy = tmp_path / "copy.db"
    ok(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", copy)
    raw = copy.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and len(raw) % 4096 == 0
    code, _out, err = cli(
        capsys, monkeypatch, "別の合言葉 wrong", "restore", "--db", tmp_path / "new" / "a.db", "--from", copy
    )
    assert code == 1 and "パスフレーズが違います" in err
    assert not (tmp_path / "new" / "a.db").exists()
    code, out, err = cli(capsys, monkeypatch, ADMIN, "verify", "--db", copy)
    assert code == 0, err


@pytest.mark.parametrize("kind", ["submission", "plain_sqlite", "truncated", "flipped", "empty"])
def test_restore_refuses_a_foreign_or_damaged_file_and_creates_nothing(tmp_path, capsys, monkeypatch, kind):
    import sqlite3

    admin = tmp_path / "pc" / "admin.db"
    ok(capsys, monkeypatch, ADMIN, "init", "--db", admin, "--role", "admin")
    copy = tmp_path / "usb" / "copy.db"
    copy.parent.mkdir()
    ok(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", copy)
    data = copy.read_bytes()
    expected = {
        "submission": "提出ファイル",
        "plain_sqlite": "暗号化されていない",
        "truncated": "途中で切れています",
        "flipped": "壊れている",
        "empty": "途中で切れています",
    }[kind]
    if kind == "submission":
        copy.write_bytes(b"NATORI-SECAUDIT-SUBMISSION 1\n{}\n")
    elif kind == "plain_sqlite":
        copy.unlink()
        with sqlite3.connect(copy) as conn:
            conn.execute("CREATE TABLE t (x)")
        conn.close()
    elif kind == "truncated":
        copy.write_bytes(data[: len(data) - 1000])
    elif kind == "flipped":
        flipped = bytearray(data)
        flipped[len(flipped) - 200] ^= 0x01
        copy.write_bytes(bytes(flipped))
    else:
        copy.write_bytes(b"")
    target = tmp_path / "new-pc" / "admin.db"
    code, _out, err = cli(capsys, monkeypatch, ADMIN, "restore", "--db", target, "--from", copy)
    assert code in (1, 2) and expected in err, err
    assert "何も変更していません" in err or "復元に使えません" in err
    assert not target.exists() and not target.parent.exists()


def test_restore_onto_an_existing_database_moves_it_aside(tmp_path, capsys, monkeypatch):
    admin = tmp_path / "admin.db"
    ok(capsys, monkeypatch, ADMIN, "init", "--db", admin, "--role", "admin")
    copy = tmp_path / "copy.db"
    ok(capsys, monkeypatch, ADMIN, "backup", "--db", admin, "--out", copy)
    before = admin.read_bytes()
    out = ok(capsys, monkeypatch, ADMIN, "restore", "--db", admin, "--from", copy)
    (aside,) = tmp_path.glob("admin.db.damaged-*")
    assert aside.read_bytes() == before and str(aside) in out
    assert copy.exists()
