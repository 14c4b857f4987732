"""Bundles and ``checklist validate`` check replaces/formerly against last year (located, both languages)."""

from __future__ import annotations

import shutil

import pytest

from natori_secaudit.cli import main
from natori_secaudit.loading import ChecklistFileError
from natori_secaudit.services import setup

from .conftest import ADMIN_PASS, SMALL

# Version 2.0 of the small checklist: B-1 is renamed to B-10 (replaces B-1, line 27).
V2_ITEM = """\
      - id: B-10
        question: USBメモリなどの記録媒体を登録制にしていますか。
        severity: high
        recommendation: 登録した媒体だけを使えるようにする。
        replaces: [{old}]
"""


def revise(folder, old="B-1"):
    path = folder / "small-checklist.yaml"
    text = (
        (SMALL / "small-checklist.yaml")
        .read_text(encoding="utf-8")
        .replace('version: "1.0"', 'version: "2.0"')
    )
    start = text.index("      - id: B-1\n")
    end = text.index("      - id: B-2\n")
    path.write_text(text[:start] + V2_ITEM.format(old=old) + text[end:], encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[26].strip().startswith("replaces:")
    return path


def reorganise(folder, formerly="doboku"):
    """土木課 (doboku) becomes 道路課 (doro, formerly doboku); 図書館 is left out (nobody continues it)."""
    path = folder / "departments.yaml"
    path.write_text(
        "organization: テスト市\n"
        "departments:\n"
        "  - code: shimin\n    name: 市民課\n    tags: [personal_data, my_number]\n"
        f"  - code: doro\n    name: 道路課\n    formerly: [{formerly}]\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def world(tmp_path):
    folder = tmp_path / "lists"
    shutil.copytree(SMALL, folder)
    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN_PASS)
    setup.make_bundle(
        admin, ADMIN_PASS, 2025, "small", tmp_path / "2025.natori-bundle", checklist_dirs=[folder]
    )
    return tmp_path, folder, admin


def test_bundle_refuses_links_to_what_last_year_did_not_have(world):
    tmp, folder, admin = world
    revise(folder, old="B-9")
    reorganise(folder, formerly="dobok")
    out = tmp / "2026.natori-bundle"
    with pytest.raises(ChecklistFileError) as info:
        setup.make_bundle(admin, ADMIN_PASS, 2026, "small", out, checklist_dirs=[folder])
    lines = [p.format("ja") for p in info.value.problems]
    assert lines[0].startswith(
        f"{folder / 'small-checklist.yaml'}:27:20: replaces の「B-9」は前の版の点検票（small 版 1.0）"
    )
    assert lines[1].startswith(
        f"{folder / 'departments.yaml'}:8:16: formerly の「dobok」は前年度の所属一覧にありません"
    )
    assert "doboku" in lines[1]
    assert "2025" in info.value.message and not out.exists()


def test_bundle_with_a_revision_and_a_rename_gives_notes(world):
    tmp, folder, admin = world
    revise(folder)
    reorganise(folder)
    made = setup.make_bundle(
        admin, ADMIN_PASS, 2026, "small", tmp / "2026.natori-bundle", checklist_dirs=[folder]
    )
    assert made.path.is_file()
    assert [w.key for w in made.warnings] == ["checklist.formerly_not_continued"]
    assert "図書館" in made.warnings[0].format("ja")
    bundle = setup.read_bundle(made)  # still usable as a path
    assert bundle.checklist.item("B-10").replaces == ("B-1",)
    assert bundle.organization.department("doro").formerly == ("doboku",)


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_bundle_prints_the_notes_and_succeeds(world, capsys, monkeypatch):
    tmp, folder, admin = world
    revise(folder)
    reorganise(folder)
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", ADMIN_PASS)
    code, out, err = run(
        capsys,
        "--checklists",
        str(folder),
        "bundle",
        "--db",
        str(admin),
        "--year",
        "2026",
        "--checklist",
        "small",
        "--out",
        str(tmp / "b.natori-bundle"),
    )
    assert code == 0, err
    assert "departments.yaml:2:1: 注意: 前年度の所属「toshokan」（図書館）を引き継ぐ所属がありません" in err
    assert "令和8年度" in out


def test_cli_validate_checks_each_version_against_the_next_older(tmp_path, capsys):
    new = revise(tmp_path, old="B-9")
    old = tmp_path / "old.yaml"
    shutil.copy(SMALL / "small-checklist.yaml", old)
    code, out, err = run(capsys, "checklist", "validate", str(new), str(old))
    assert code == 2
    assert f"{new}:27:20: replaces の「B-9」は前の版の点検票（small 版 1.0）にありません" in err
    assert f"{old}: 問題ありません" in out
    revise(tmp_path, old="B-1")
    code, out, err = run(capsys, "--lang", "en", "checklist", "validate", str(new), str(old))
    assert code == 0, err
    assert f"{new}: OK (checklist, checked against the earlier version 1.0)" in out


def test_cli_validate_previous_file(tmp_path, capsys):
    new = revise(tmp_path, old="B-9")
    code, _out, err = run(
        capsys, "checklist", "validate", str(new), "--previous", str(SMALL / "small-checklist.yaml")
    )
    assert code == 2 and ":27:20:" in err
    code, _out, _err = run(capsys, "checklist", "validate", str(new))
    assert code == 0  # without the previous version, nothing to check it by
    (tmp_path / "x").mkdir()
    depts = reorganise(tmp_path / "x")
    code, out, err = run(
        capsys, "checklist", "validate", str(depts), "--previous", str(SMALL / "departments.yaml")
    )
    assert code == 0, err
    assert "toshokan" in err and "前年度の所属一覧" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    code, _out, err = run(capsys, "checklist", "validate", str(new), "--previous", str(broken))
    assert code == 2 and str(broken) in err
