"""Folder import through the command line: one line per file, submissions known by their content,
everything else listed as skipped with the reason, and an exit status that says whether every file
was a submission now held."""

from __future__ import annotations

import shutil

from natori_secaudit.cli import main
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services import submission
from natori_secaudit.services.admin import AdminWorkspace, ImportOutcome
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department

FY = FiscalYear(2026)


def _submitted(tmp, bundle, code, out):
    path = make_department(tmp, bundle, code)
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        return submission.submit(ws, FY, out)


def _import(capsys, monkeypatch, admin, *paths):
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", ADMIN_PASS)
    code = main(["import", "--db", str(admin), *map(str, paths)])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def _held(admin) -> set[str]:
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        return {code for code, a in ws.year_data(FY).assessments.items() if a.state.value == "submitted"}


def test_a_folder_of_renamed_submissions_is_imported_by_content(city, capsys, monkeypatch):
    # The reviewer's case: files renamed to *.sub used to give no output and exit 0.
    tmp, admin, bundle = city
    shared = tmp / "shared"
    shared.mkdir()
    for code in ("shimin", "doboku"):
        out = _submitted(tmp, bundle, code, tmp / "out")
        out.rename(shared / f"{code}.sub")
    code, lines, err = _import(capsys, monkeypatch, admin, shared)
    assert code == 0, err
    assert lines == [f"{shared / 'doboku.sub'}: imported", f"{shared / 'shimin.sub'}: imported"]
    assert _held(admin) == {"doboku", "shimin"}


def test_every_file_gets_a_line_and_other_files_are_skipped_with_the_reason(city, capsys, monkeypatch):
    tmp, admin, bundle = city
    shared = tmp / "shared"
    (shared / "課別" / "深い").mkdir(parents=True)
    (shared / "空").mkdir()
    good = _submitted(tmp, bundle, "shimin", shared / "課別" / "深い")  # found in a sub-subfolder
    shutil.copy(bundle, shared / "2026.natori-bundle")  # a bundle put in by mistake
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        ws.import_file(good)
        notice = ws.send_back(FY, "shimin", "B-1 を直してください", shared / "notice.natori-return")
    (shared / "メモ.txt").write_text("提出は7月末まで", encoding="utf-8")
    (shared / "empty.dat").write_bytes(b"")
    (shared / ".natori-tmp-abc.part").write_bytes(b"half")
    (shared / "broken.natori-submission").write_bytes(b"not really")  # claims to be one: rejected
    code, lines, err = _import(capsys, monkeypatch, admin, shared)
    assert code == 1, err
    by_path = {ln.split(": ", 1)[0]: ln.split(": ", 1)[1] for ln in lines}
    assert len(lines) == len(by_path) == 8
    assert by_path[str(good)] == "unchanged"
    assert by_path[str(shared / "2026.natori-bundle")].startswith("skipped: 配布パッケージです")
    assert by_path[str(notice)].startswith("skipped: 差し戻し通知です")
    assert by_path[str(shared / "メモ.txt")].startswith("skipped: 提出ファイルではありません")
    assert by_path[str(shared / "empty.dat")].startswith("skipped: 空のファイル")
    assert by_path[str(shared / ".natori-tmp-abc.part")].startswith("skipped: 書き込みが途中で止まった")
    assert by_path[str(shared / "空")].startswith("skipped: 空のフォルダー")
    assert by_path[str(shared / "broken.natori-submission")].startswith("rejected: ")


def test_exit_status_is_zero_only_when_every_file_is_held(city, capsys, monkeypatch):
    tmp, admin, bundle = city
    shared = tmp / "shared"
    good = _submitted(tmp, bundle, "shimin", shared)
    code, lines, _ = _import(capsys, monkeypatch, admin, shared)
    assert (code, lines) == (0, [f"{good}: imported"])
    code, lines, _ = _import(capsys, monkeypatch, admin, good)  # the same again: unchanged, still 0
    assert (code, lines) == (0, [f"{good}: unchanged"])
    (shared / "readme.txt").write_text("x")
    code, lines, _ = _import(capsys, monkeypatch, admin, shared)  # a skipped file makes it 1
    assert code == 1 and lines[0].endswith(": unchanged") and ": skipped: " in lines[1]
    code, lines, err = _import(capsys, monkeypatch, admin, tmp / "nosuch.natori-submission")
    assert code == 1 and lines[0].startswith(f"{tmp / 'nosuch.natori-submission'}: rejected: ")


def test_an_incomplete_final_submission_is_rejected_with_its_items(city, capsys, monkeypatch):
    # A department program with a bug (or a hand-made file) sends a final submission with gaps.
    tmp, admin, bundle = city
    path = make_department(tmp, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        # Bypass the department's own check: store an answer that lacks its action and due date.
        from natori_secaudit import storage

        rec = storage.get_assessment(ws.db, 2026, "shimin")
        storage.save_answer(
            ws.db, rec.id, Answer("B-1", AnswerStatus.NOT_IMPLEMENTED, comment="未対応"), actor="x"
        )
        storage.save_answer(ws.db, rec.id, Answer("A-2", None), actor="x")
        monkeypatch.setattr(submission, "missing_of", lambda view: [])
        out = submission.submit(ws, FY, tmp / "out")
    code, lines, _ = _import(capsys, monkeypatch, admin, out)
    assert code == 1
    assert lines[0].startswith(f"{out}: rejected: ")
    assert "2 件" in lines[0] and "A-2, B-1" in lines[0]
    assert _held(admin) == set()


def test_an_incomplete_refusal_names_a_few_items_then_how_many_more():
    from natori_secaudit.domain.checklist import Item, Severity
    from natori_secaudit.domain.completeness import incomplete_items
    from natori_secaudit.services.importing import incomplete_refusal

    items = [Item(f"X-{n}", "q", Severity.HIGH, "X") for n in range(1, 9)]
    answers = {
        "X-1": Answer("X-1", AnswerStatus.IMPLEMENTED),
        "X-2": Answer("X-2", AnswerStatus.PARTIAL, comment="c"),  # no action, no due
        "X-3": Answer("X-3", AnswerStatus.IMPLEMENTED, carried_over=True),
    }  # unconfirmed
    missing = incomplete_items(items, answers)
    assert [(i.id, lacks) for i, lacks in missing][:3] == [
        ("X-2", ("action", "due")),
        ("X-3", ("confirm",)),
        ("X-4", ("answer",)),
    ]
    refusal = incomplete_refusal(missing)
    assert refusal.params["item_ids"] == ["X-2", "X-3", "X-4", "X-5", "X-6", "X-7", "X-8"]
    assert "X-2, X-3, X-4, X-5, X-6 ほか 2 件" in refusal.message
    assert "X-7" not in refusal.message


def test_outcomes_are_an_enum_with_the_cli_words():
    from pathlib import Path

    from natori_secaudit.services.admin import ImportResult

    assert ImportResult(Path("a"), "imported").outcome is ImportOutcome.IMPORTED
    assert ImportResult(Path("a"), ImportOutcome.REJECTED, "理由").line() == "a: rejected: 理由"
    assert ImportResult(Path("a"), ImportOutcome.SKIPPED, "理由").line() == "a: skipped: 理由"
    assert ImportResult(Path("a"), ImportOutcome.REPLACED).line() == "a: replaced"
    assert f"{ImportOutcome.UNCHANGED}" == "unchanged"
