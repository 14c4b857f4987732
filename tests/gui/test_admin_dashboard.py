"""The IT division's dashboard on a real (virtual) display.

Twenty department databases answer the small checklist with a known pattern and
submit into one folder; the administrator imports the folder from the GUI. What
the dashboard shows is compared with figures worked out here by hand (the
scoring rule written out again, independently of the product's code) and with
``compile``.
"""

from __future__ import annotations

import shutil
import time
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.gui.conftest import COL, import_folder, pump, tree_rows, wait_for_info
from tests.integration.conftest import ADMIN_PASS, DEPT_PASS, SMALL, enrol

CODES = [f"d{k:02d}" for k in range(1, 21)]
WEIGHT = {"A-1": 3, "B-1": 3, "B-3": 2}  # high 3, medium 2 (no department has tags)
VALUE = {"implemented": 1.0, "partial": 0.5, "not_implemented": 0.0, "unknown": 0.0, "not_applicable": None}


def pattern(k: int) -> dict[str, str]:
    """Department k's answers: A-1 missing for 16–20, B-1 partial for even k, B-3 varied."""
    b3 = "unknown" if k in (3, 6, 9) else "not_applicable" if k == 20 else "implemented"
    return {
        "A-1": "implemented" if k <= 15 else "not_implemented",
        "B-1": "implemented" if k % 2 else "partial",
        "B-3": b3,
    }


def pct(earned: float, possible: float) -> str:
    return str(Decimal(repr(100 * earned / possible)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def expected_row(k: int) -> tuple[str, str, str, str]:
    """(score, 重要・未実施, わからない, 状況) worked out by hand from the pattern."""
    answers = pattern(k)
    earned = sum(WEIGHT[i] * VALUE[s] for i, s in answers.items() if VALUE[s] is not None)
    possible = sum(WEIGHT[i] for i, s in answers.items() if VALUE[s] is not None)
    high_missing = int(answers["A-1"] == "not_implemented")
    unknown = int(answers["B-3"] == "unknown")
    return pct(earned, possible), str(high_missing), str(unknown), "提出済"


def expected_city() -> str:
    earned = possible = 0.0
    for k in range(1, 21):
        for i, s in pattern(k).items():
            if VALUE[s] is not None:
                earned += WEIGHT[i] * VALUE[s]
                possible += WEIGHT[i]
    return pct(earned, possible)


def test_hand_computed_figures_are_what_we_think():
    """The oracle itself, checked on a few departments by arithmetic on paper."""
    assert expected_row(1)[0] == "100.0"  # 8/8
    assert expected_row(2)[0] == "81.3"  # (3 + 1.5 + 2)/8 = 81.25, rounded half up
    assert expected_row(6)[0] == "56.3"  # (3 + 1.5 + 0)/8 = 56.25
    assert expected_row(20)[0] == "25.0"  # (0 + 1.5)/6, 該当なし left out
    assert expected_row(16)[1:3] == ("1", "0")


@pytest.fixture(scope="module")
def twenty(tmp_path_factory):
    """An admin database, 20 department databases, 20 submissions in one folder (built once)."""
    import datetime as dt

    from natori_secaudit.domain.answers import Answer, AnswerStatus
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services import setup, submission
    from natori_secaudit.services.department import DepartmentWorkspace

    root = tmp_path_factory.mktemp("twenty")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NATORI_SECAUDIT_FAST_KDF", "1")
        mp.setenv("NATORI_SECAUDIT_HOME", str(root / "home"))
        lists = root / "lists"
        lists.mkdir()
        shutil.copy(SMALL / "small-checklist.yaml", lists)
        lines = ["organization: 二十部署市", "departments:"]
        lines += [
            f"  - code: {c}\n    name: 第{k}課\n    division: 第{(k - 1) // 5 + 1}部"
            for k, c in enumerate(CODES, start=1)
        ]
        (lists / "departments.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        admin = setup.create_admin_db(root / "it" / "admin.db", ADMIN_PASS, user_name="情報 太郎")
        bundle = setup.make_bundle(
            admin, ADMIN_PASS, 2026, "small", root / "2026.natori-bundle", checklist_dirs=[lists]
        )
        subs = root / "shared"
        subs.mkdir()
        fy = FiscalYear(2026)
        for k, code in enumerate(CODES, start=1):
            db = setup.create_department_db(
                root / "depts" / f"{code}.db",
                DEPT_PASS,
                bundle,
                code,
                user_name=f"点検 {k}",
                enrollment_code=enrol(admin, code, ADMIN_PASS),
            )
            with DepartmentWorkspace.open(db, DEPT_PASS, f"点検 {k}") as ws:
                for n, (item_id, status) in enumerate(pattern(k).items()):
                    if k == 20 and n == 2:  # 第20課 also sent a progress report at 2 of 3
                        submission.send_progress(ws, fy, root / "progress")
                    s = AnswerStatus(status)
                    ws.save_answer(
                        fy,
                        Answer(
                            item_id,
                            s,
                            comment="" if s is AnswerStatus.IMPLEMENTED else f"第{k}課 {item_id} の状況",
                            evidence=f"根拠 {code}-{item_id}",
                            action="次年度に対応" if s.needs_action else "",
                            due=dt.date(2027, 3, 31) if s.needs_action else None,
                        ),
                    )
                submission.submit(ws, fy, subs)
    return root


@pytest.fixture
def city(twenty, tmp_path):
    """A fresh copy for each test: the admin database and the shared folder."""
    target = tmp_path / "city"
    shutil.copytree(twenty, target, ignore=shutil.ignore_patterns("home"))
    return target


@pytest.fixture
def admin_app(make_app, city, fake_dialogs):
    from tests.gui.conftest import unlock

    app = make_app(city / "it" / "admin.db")
    unlock(app, ADMIN_PASS, name="情報 太郎")
    assert app.admin is not None, fake_dialogs.errors
    return app


def chord(app, widget, sequence: str) -> None:
    widget.focus_force()
    pump(app)
    widget.event_generate(sequence)
    pump(app)


def test_admin_database_opens_the_dashboard_not_the_assessment(admin_app):
    from natori_secaudit.gui.admin_screen import AdminScreen

    assert isinstance(admin_app.screen, AdminScreen)
    assert admin_app.assessment is None
    rows = tree_rows(admin_app.admin.screen.departments)
    assert len(rows) == 20
    assert {r[COL["status"]] for r in rows.values()} == {"未着手"}
    assert "提出 0 / 20 所属" in admin_app.admin.screen.summary.cget("text")


def test_twenty_submissions_imported_from_a_folder_match_the_hand_computed_figures(
    admin_app, fake_dialogs, city
):
    from natori_secaudit.domain.fiscal_year import FiscalYear

    import_folder(admin_app, fake_dialogs, city / "shared")
    screen = admin_app.admin.screen
    outcomes = tree_rows(screen.imports)
    assert len(outcomes) == 20
    assert {v[1] for v in outcomes.values()} == {"新規"}
    assert "新規 20" in screen.import_summary.cget("text")

    rows = tree_rows(screen.departments)
    compiled = admin_app.ws.compile(FiscalYear(2026))
    for k, code in enumerate(CODES, start=1):
        score, high, unknown, status = expected_row(k)
        row = rows[code]
        assert (row[COL["score"]], row[COL["high_gaps"]], row[COL["unknown"]], row[COL["status"]]) == (
            score,
            high,
            unknown,
            status,
        ), code
        assert row[COL["revision"]] == "1"
        assert row[COL["department"]] == f"第{k}課"
        result = compiled.department(code)  # compile agrees with the screen and the hand figures
        assert (result.score.format(), str(result.high_gaps), str(result.unknown)) == (score, high, unknown)
    assert compiled.city.format() == expected_city()
    summary = screen.summary.cget("text")
    assert "提出 20 / 20 所属" in summary
    assert f"全庁の達成率 {expected_city()}%" in summary
    assert "重要項目の未実施 5 件" in summary and "わからない 3 件" in summary

    # Importing the same folder again changes nothing.
    import_folder(admin_app, fake_dialogs, city / "shared")
    assert {v[1] for v in tree_rows(screen.imports).values()} == {"変更なし"}
    assert admin_app.ws.compile(FiscalYear(2026)).city == compiled.city


def test_sorting_by_keyboard_keeps_departments_without_figures_last(admin_app, fake_dialogs, city):

    for extra in ("d19", "d20"):  # two departments have not handed in
        next((city / "shared").glob(f"*_{extra}_*")).unlink()
    import_folder(admin_app, fake_dialogs, city / "shared")
    tree = admin_app.admin.screen.departments
    admin_app.admin.screen.tabs.select(0)
    chord(admin_app, tree, "<Control-Key-5>")  # 5th column: 達成率, ascending
    order = list(tree.get_children())
    figures = {c: float(expected_row(k)[0]) for k, c in enumerate(CODES, start=1) if c not in ("d19", "d20")}
    assert order[:18] == sorted(figures, key=lambda c: (figures[c], CODES.index(c)))
    assert order[18:] == ["d19", "d20"]
    assert "▲" in tree.heading("score", "text")
    chord(admin_app, tree, "<Control-Key-5>")  # again: descending, the missing still last
    order = list(tree.get_children())
    assert figures[order[0]] == max(figures.values()) and order[18:] == ["d19", "d20"]
    assert "▼" in tree.heading("score", "text")
    chord(admin_app, tree, "<Control-Key-2>")  # 状況: 未着手 first
    assert list(tree.get_children())[:2] == ["d19", "d20"]


def test_heat_map_by_keyboard_opens_that_departments_answers_read_only(admin_app, fake_dialogs, city):
    from tests.gui.conftest import press

    import_folder(admin_app, fake_dialogs, city / "shared")
    screen = admin_app.admin.screen
    screen.tabs.select(1)
    pump(admin_app)
    heat = screen.heat
    assert heat.data is not None and len(heat.data.rows) == 20
    press(admin_app, heat.canvas, "Down")  # 第2課
    press(admin_app, heat.canvas, "Right")  # S2
    assert heat.cursor_cell() == ("d02", "S2")
    # S2 of 第2課: B-1 partial (1.5/3) + B-3 implemented (2/2) = 3.5/5
    assert "第2課" in heat.section_line.cget("text") and "70.0%" in heat.section_line.cget("text")
    press(admin_app, heat.canvas, "Return")
    window = admin_app.admin.windows[-1]
    pump(admin_app)
    assert window.items.selection() == ("B-1",)  # the first item of the chosen section
    text = window.text()
    assert (
        "一部実施" in text and "第2課 B-1 の状況" in text and "根拠 d02-B-1" in text and "2027-03-31" in text
    )
    assert str(window.detail.cget("state")) == "disabled"  # read-only
    press(admin_app, window.items, "Escape")
    assert not window.winfo_exists()


def test_rejected_files_are_listed_with_their_reason_and_change_nothing(admin_app, fake_dialogs, city):
    from natori_secaudit.domain.fiscal_year import FiscalYear

    good = sorted((city / "shared").glob("*.natori-submission"))
    bad = city / "bad"
    bad.mkdir()
    flipped = bytearray(good[0].read_bytes())
    flipped[len(flipped) // 2] ^= 0x01
    (bad / "flipped.natori-submission").write_bytes(bytes(flipped))
    (bad / "truncated.natori-submission").write_bytes(good[1].read_bytes()[:-40])
    fake_dialogs.open_paths = [
        str(bad / "flipped.natori-submission"),
        str(bad / "truncated.natori-submission"),
        str(good[2]),
    ]
    admin_app.admin.import_files()
    end = time.monotonic() + 30
    while admin_app.admin.importing and time.monotonic() < end:
        pump(admin_app, 0.02)
    screen = admin_app.admin.screen
    rows = list(tree_rows(screen.imports).values())
    assert [r[1] for r in rows] == ["受け付けず", "受け付けず", "新規"]
    assert all(r[4] for r in rows[:2])  # a reason in words
    assert "改ざん" in rows[0][4] or "壊れ" in rows[0][4]
    assert "受け付けず 2" in screen.import_summary.cget("text")
    assert admin_app.ws.compile(FiscalYear(2026)).submitted_count == 1


def test_send_back_then_resubmission_shows_the_new_revision(admin_app, fake_dialogs, city):
    from natori_secaudit.domain.answers import Answer, AnswerStatus
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services import submission
    from natori_secaudit.services.department import DepartmentWorkspace

    import_folder(admin_app, fake_dialogs, city / "shared")
    screen = admin_app.admin.screen
    screen.tabs.select(0)
    screen.departments.selection_set("d16")
    fake_dialogs.text_answer = "A-1 の改善予定に担当者を書いてください。"
    notice = city / "shared" / "returns" / "d16.natori-return"
    fake_dialogs.save_path = str(notice)
    admin_app.admin.send_back()
    assert notice.exists()
    assert "第16課" in fake_dialogs.infos[-1]
    assert tree_rows(screen.departments)["d16"][COL["status"]] == "差し戻し"
    assert "差し戻し中 1" in screen.summary.cget("text")

    fy = FiscalYear(2026)
    with DepartmentWorkspace.open(city / "depts" / "d16.db", DEPT_PASS, "点検 16") as ws:
        got = submission.apply_return_notice(ws, notice)
        assert got.message == "A-1 の改善予定に担当者を書いてください。"
        ws.save_answer(fy, Answer("A-1", AnswerStatus.IMPLEMENTED))
        resubmitted = submission.submit(ws, fy, city / "resubmit")
    assert resubmitted.name.endswith("_r2.natori-submission")
    import_folder(admin_app, fake_dialogs, city / "resubmit")
    assert [r[1] for r in tree_rows(screen.imports).values()] == ["更新（新しい版）"]
    row = tree_rows(screen.departments)["d16"]
    assert (row[COL["status"]], row[COL["revision"]], row[COL["score"]], row[COL["high_gaps"]]) == (
        "提出済",
        "2",
        pct(3 + 1.5 + 2, 8),
        "0",
    )


def test_send_back_refused_for_a_department_that_has_not_submitted(admin_app, fake_dialogs):
    screen = admin_app.admin.screen
    screen.departments.selection_set("d03")
    admin_app.admin.send_back()
    assert "第3課" in fake_dialogs.errors[-1] and "未着手" in fake_dialogs.errors[-1]


def test_ciso_report_and_export_from_the_dashboard(admin_app, fake_dialogs, city, tmp_path):
    from pypdf import PdfReader

    screen = admin_app.admin.screen
    pdf = tmp_path / "out" / "ciso.pdf"
    fake_dialogs.save_path = str(pdf)
    admin_app.admin.ciso_report()  # nothing imported: a clear refusal, no file
    assert fake_dialogs.errors and "提出" in fake_dialogs.errors[-1]
    assert not pdf.exists()
    import_folder(admin_app, fake_dialogs, city / "shared")
    admin_app.admin.ciso_report()
    wait_for_info(admin_app, fake_dialogs, "報告書を作成しました")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "二十部署市" in text and "第16課" in text
    assert screen.status.cget("text") == ""

    xlsx = tmp_path / "out" / "results.xlsx"
    fake_dialogs.save_path = str(xlsx)
    admin_app.admin.export("xlsx")
    wait_for_info(admin_app, fake_dialogs, str(xlsx))
    from openpyxl import load_workbook

    cells = {str(c.value) for ws in load_workbook(xlsx).worksheets for row in ws.iter_rows() for c in row}
    assert "第2課 B-1 の状況" in cells and "根拠 d02-B-1" in cells


def test_cancel_in_the_save_dialog_writes_no_report_export_or_return_notice(
    admin_app, fake_dialogs, city, tmp_path, monkeypatch
):
    import_folder(admin_app, fake_dialogs, city / "shared")
    started = []
    monkeypatch.setattr(admin_app, "run_job", lambda *a, **k: started.append(a))
    fake_dialogs.save_path = ""  # Cancel
    admin_app.admin.ciso_report()
    for fmt in ("xlsx", "csv", "oscal"):
        admin_app.admin.export(fmt)
    screen = admin_app.admin.screen
    screen.departments.selection_set("d02")
    admin_app.admin.department_report()
    fake_dialogs.text_answer = "確認してください"
    admin_app.admin.send_back()
    assert started == []
    assert next(r for r in screen.rows if r.code == "d02").state.value == "submitted"
    assert not list(tmp_path.rglob("*.natori-return")) and not list(tmp_path.rglob("*.pdf"))


def test_lock_closes_the_dashboard_and_its_windows(admin_app, fake_dialogs, city):
    from natori_secaudit.gui.unlock_view import UnlockView

    import_folder(admin_app, fake_dialogs, city / "shared")
    admin_app.admin.screen.departments.selection_set("d01")
    admin_app.admin.open_answers()
    window = admin_app.admin.windows[-1]
    admin_app.lock()
    pump(admin_app)
    assert isinstance(admin_app.screen, UnlockView)
    assert admin_app.ws is None and admin_app.admin is None
    assert not window.winfo_exists()


def test_send_back_message_dialog_requires_a_reason(admin_app):
    from natori_secaudit.gui.text_dialog import TextDialog

    dialog = TextDialog(admin_app.root, "差し戻し", "理由を書いてください。")
    pump(admin_app)
    dialog.ok()
    assert dialog.winfo_exists() and "理由を入力" in dialog.problem.cget("text")
    dialog.text.insert("1.0", "根拠を追記してください。\n")
    dialog.ok()
    assert dialog.result == "根拠を追記してください。" and not dialog.winfo_exists()


def test_a_progress_report_shows_in_progress_with_the_count_answered(admin_app, fake_dialogs, city):
    next((city / "shared").glob("*_d20_*")).unlink()  # 第20課 has only sent its progress
    shutil.copy(next((city / "progress").glob("*.natori-submission")), city / "shared")
    import_folder(admin_app, fake_dialogs, city / "shared")
    screen = admin_app.admin.screen
    row = tree_rows(screen.departments)["d20"]
    assert row[COL["status"]] == "回答中 2/3"
    assert row[COL["submitted"]].startswith("途中 ") and row[COL["score"]] == "—"
    assert "提出 19 / 20 所属" in screen.summary.cget("text") and "うち回答中 1" in screen.summary.cget(
        "text"
    )


def test_at_the_largest_text_size_no_button_or_name_is_cut_off(admin_app, fake_dialogs, city):
    import tkinter.font as tkfont

    import_folder(admin_app, fake_dialogs, city / "shared")
    admin_app.root.geometry("1366x768")
    admin_app.set_font(3)
    pump(admin_app, 0.2)
    screen = admin_app.admin.screen
    bar = screen.buttons[0].master
    for button in screen.buttons:  # wrapped onto rows inside the window
        assert button.winfo_ismapped()
        assert button.winfo_x() + button.winfo_width() <= bar.winfo_width(), button.cget("text")
    font = tkfont.nametofont("TkDefaultFont")
    width = int(screen.departments.column("department", "width"))
    for code in screen.departments.get_children():
        name = screen.departments.set(code, "department")
        assert font.measure(name) < width, name


def test_answers_of_a_department_with_nothing_received_say_so(admin_app, fake_dialogs):
    admin_app.admin.screen.departments.selection_set("d05")
    admin_app.admin.open_answers()
    assert admin_app.admin.windows == []
    assert "第5課からは、令和8年度の提出をまだ受け取っていません" in fake_dialogs.infos[-1]


def test_locking_during_a_folder_import_stops_between_files(admin_app, fake_dialogs, city):
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services.admin import AdminWorkspace
    from tests.gui.conftest import unlock

    fake_dialogs.directory = str(city / "shared")
    admin_app.admin.import_folder()
    end = time.monotonic() + 30
    while len(admin_app.admin.screen.imports.get_children()) < 3 and time.monotonic() < end:
        admin_app.root.update()  # a few files in, then lock
        time.sleep(0.002)
    admin_app.lock()
    pump(admin_app, 0.2)
    assert str(admin_app.root.cget("cursor")) == ""
    with AdminWorkspace.open(city / "it" / "admin.db", ADMIN_PASS) as ws:
        done = ws.compile(FiscalYear(2026)).submitted_count
    assert 0 < done < 20  # whole files only; the rest can be imported again
    unlock(admin_app, ADMIN_PASS, name="情報 太郎")
    import_folder(admin_app, fake_dialogs, city / "shared")
    outcomes = [r[1] for r in tree_rows(admin_app.admin.screen.imports).values()]
    assert outcomes.count("変更なし") == done and outcomes.count("新規") == 20 - done


def test_a_crafted_file_does_not_stop_the_import_and_the_next_import_works(admin_app, fake_dialogs, city):
    """Issue 12: a deeply nested body (RecursionError) or a huge revision (OverflowError) used to
    abort the folder import and leave the import flag set, so every later import did nothing."""
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from tests.integration.test_import_hostile import DEEP, signed_file, valid_body

    ws = admin_app.ws
    mixed = city / "mixed"
    mixed.mkdir()
    good = sorted((city / "shared").glob("*.natori-submission"))
    (mixed / "0-deep.natori-submission").write_bytes(
        signed_file(ws, valid_body(ws, answers=DEEP), depth=100_000)
    )
    (mixed / "1-huge.sub").write_bytes(signed_file(ws, valid_body(ws, revision=2**63)))
    shutil.copy(good[0], mixed / "2-good.sub")  # a submission under another name: known by its content
    (mixed / "3-メモ.txt").write_text("提出先の説明", encoding="utf-8")
    import_folder(admin_app, fake_dialogs, mixed)
    screen = admin_app.admin.screen
    rows = list(tree_rows(screen.imports).values())
    assert [r[0] for r in rows] == ["0-deep.natori-submission", "1-huge.sub", "2-good.sub", "3-メモ.txt"]
    assert [r[1] for r in rows] == ["受け付けず", "受け付けず", "新規", "対象外"]
    assert "中身が正しい形式ではありません" in rows[0][4] and "提出ファイルではありません" in rows[3][4]
    assert "受け付けず 2" in screen.import_summary.cget("text") and "対象外 1" in screen.import_summary.cget(
        "text"
    )
    # The next import works at once.
    import_folder(admin_app, fake_dialogs, city / "shared")
    assert admin_app.ws.compile(FiscalYear(2026)).submitted_count == 20


def test_an_unexpected_error_in_one_file_is_a_line_and_the_import_goes_on(
    admin_app, fake_dialogs, city, monkeypatch
):
    ws = admin_app.ws
    real = type(ws)._import
    first = sorted((city / "shared").glob("*.natori-submission"))[0]

    def flaky(self, path):
        if path == first:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(self, path)

    monkeypatch.setattr(type(ws), "_import", flaky)
    import_folder(admin_app, fake_dialogs, city / "shared")
    rows = list(tree_rows(admin_app.admin.screen.imports).values())
    assert len(rows) == 20 and rows[0][1] == "受け付けず" and "予期しないエラー" in rows[0][4]
    assert {r[1] for r in rows[1:]} == {"新規"}
    monkeypatch.setattr(type(ws), "_import", real)
    import_folder(admin_app, fake_dialogs, city / "shared")  # not stuck: the flag was cleared
    rows = list(tree_rows(admin_app.admin.screen.imports).values())
    assert rows[0][1] == "新規" and {r[1] for r in rows[1:]} == {"変更なし"}


def test_ctrl_o_on_the_dashboard_imports_and_not_once_it_is_locked(admin_app, fake_dialogs, city):
    """The dashboard binds its own Ctrl+O; once locked (the unlock screen) the key does nothing."""
    from natori_secaudit.domain.fiscal_year import FiscalYear

    first = sorted((city / "shared").glob("*.natori-submission"))[0]
    fake_dialogs.open_paths = [str(first)]
    screen = admin_app.admin.screen
    screen.departments.focus_force()
    pump(admin_app)
    screen.departments.event_generate("<Control-o>")
    end = time.monotonic() + 30
    while admin_app.admin.importing and time.monotonic() < end:
        pump(admin_app, 0.02)
    assert admin_app.ws.compile(FiscalYear(2026)).submitted_count == 1
    admin_app.lock()
    admin_app.screen.passphrase.focus_force()
    pump(admin_app)
    admin_app.screen.passphrase.event_generate("<Control-o>")
    pump(admin_app)
    assert admin_app.admin is None and "<Control-o>" not in admin_app.root.bind()


def test_late_and_sent_back_rows_take_the_high_contrast_themes_colours(admin_app, fake_dialogs, city):
    """The department list's state colours follow the theme: readable on the dark high-contrast one."""
    from natori_secaudit.gui.looks import PALETTES, contrast

    tree = admin_app.admin.screen.departments
    for theme, name in (("contrast", "natori-contrast"), ("standard", "natori-standard")):
        admin_app.set_theme(theme)
        pump(admin_app)
        colors = PALETTES[name][1]
        for tag in ("overdue", "returned", "missing"):
            ink = str(tree.tag_configure(tag, "foreground"))
            assert contrast(ink, colors["bg"]) >= 4.5, (theme, tag, ink)
