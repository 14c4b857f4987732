"""所属一覧の編集 from 年度の準備 and the File menu — real widgets, a real admin database; the
assertions are on the file the editor wrote (read back with the loader) and the bundle made from it."""

from __future__ import annotations

import shutil

import pytest

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.loading import load_departments_file
from tests.gui.conftest import file_menu, press, pump, unlock
from tests.integration.conftest import SMALL

pytestmark = pytest.mark.gui
ADMIN = "admin passphrase 1"
LAST = load_departments_file(
    SMALL / "departments.yaml"
)  # 2025: shimin 市民課, doboku 土木課, toshokan 図書館


@pytest.fixture
def admin_app(tmp_path, make_app, fake_dialogs):
    """The IT division's app with 2025 bundled from the small list; 2026 is the year to prepare."""
    from natori_secaudit.services import paths, setup

    user = paths.user_checklists_dir()
    user.mkdir(parents=True, exist_ok=True)
    shutil.copy(SMALL / "small-checklist.yaml", user)
    db = setup.create_admin_db(tmp_path / "admin.db", ADMIN)
    setup.make_bundle(db, ADMIN, 2025, "small", tmp_path / "2025.natori-bundle", checklist_dirs=[SMALL])
    app = make_app(db)
    unlock(app, ADMIN, "情報 太郎")
    assert app.admin is not None, fake_dialogs.errors
    return app


@pytest.fixture
def listed(tmp_path):
    """A copy of the small department list: the file the editor writes."""
    path = tmp_path / "lists" / "departments.yaml"
    path.parent.mkdir()
    shutil.copy(SMALL / "departments.yaml", path)
    return path


def open_editor(app, fake_dialogs, path):
    window = app.admin.year.open_setup()
    window.year.set(FiscalYear(2026).label_ja)
    fake_dialogs.open_path = str(path)
    window.other.invoke()
    window.edit_departments.invoke()
    pump(app)
    editor = app.admin.year.editor
    assert editor is not None and editor.window.winfo_exists(), fake_dialogs.errors
    return window, editor


def select(app, editor, *codes):
    editor.window.tree.selection_set(codes)
    pump(app)


def fill(app, editor, **values):
    form = editor.form
    for name, text in values.items():
        form.entries[name].delete(0, "end")
        form.entries[name].insert(0, text)
    form.ok.invoke()
    pump(app)


def shown(editor) -> list[str]:
    return list(editor.window.tree.get_children())


def test_add_rename_merge_split_retire_and_save_write_the_list_the_year_then_uses(
    admin_app, fake_dialogs, listed, tmp_path
):
    from natori_secaudit.services import setup

    app = admin_app
    window, editor = open_editor(app, fake_dialogs, listed)
    assert "令和7年度" in editor.window.intro.cget("text")  # checked against last year's list
    editor.window.buttons["add"].invoke()
    fill(app, editor, code="kikaku", name="企画課", tags="outsourcing", head="企画課長")
    select(app, editor, "doboku")
    editor.window.buttons["rename"].invoke()
    fill(app, editor, code="doro", name="道路課")
    select(app, editor, "doro", "kikaku")
    editor.window.buttons["merge"].invoke()
    fill(app, editor, code="machi", name="まちづくり課", head="まちづくり課長")
    select(app, editor, "shimin")
    editor.window.buttons["split"].invoke()
    editor.form.parts.delete("1.0", "end")
    editor.form.parts.insert("1.0", "shimin-madoguchi 市民窓口課\nkoseki 戸籍課\n")
    editor.form.ok.invoke()
    pump(app)
    select(app, editor, "toshokan")
    fake_dialogs.answer_yes = True
    editor.window.buttons["retire"].invoke()
    select(app, editor, "koseki")
    editor.window.buttons["edit"].invoke()
    fill(app, editor, head="戸籍課長", tags="personal_data、my_number")
    assert shown(editor) == ["shimin-madoguchi", "koseki", "machi"]
    assert "保存していない変更" in editor.window.title()
    assert listed.read_bytes() == (SMALL / "departments.yaml").read_bytes()  # nothing written yet

    editor.window.save_button.invoke()
    pump(app)
    assert fake_dialogs.errors == []
    assert "所属一覧を保存しました（3 所属）" in fake_dialogs.infos[-1]
    assert "toshokan" in fake_dialogs.infos[-1] and "図書館" in fake_dialogs.infos[-1]  # nobody continues it
    org = load_departments_file(listed, LAST)
    assert [(d.code, d.name, d.formerly) for d in org.departments] == [
        ("shimin-madoguchi", "市民窓口課", ("shimin",)),
        ("koseki", "戸籍課", ("shimin",)),
        ("machi", "まちづくり課", ("doboku",)),
    ]
    assert org.department("machi").head == "まちづくり課長"
    assert org.department("machi").tags == ("outsourcing",)
    assert org.department("koseki").tags == ("personal_data", "my_number")
    assert org.department("koseki").head == "戸籍課長"
    assert org.name == "テスト市"
    assert "保存していない変更" not in editor.window.title()

    # 年度の準備 goes on with the saved list: shown, and in the bundle it makes
    assert list(window.departments.get_children()) == ["shimin-madoguchi", "koseki", "machi"]
    window.checklist.current(
        next(n for n, c in enumerate(window.choices) if c.valid and c.checklist.id == "small")
    )
    window.checklist.event_generate("<<ComboboxSelected>>")
    fake_dialogs.save_path = str(tmp_path / "out" / "2026.natori-bundle")
    fake_dialogs.answer_yes = False  # no code sheet now
    window.make_button.invoke()
    pump(app)
    assert fake_dialogs.errors == []
    bundle = setup.read_bundle(tmp_path / "out" / "2026.natori-bundle")
    assert bundle.organization == org


def test_a_code_already_used_is_refused_in_the_form_and_nothing_changes(admin_app, fake_dialogs, listed):
    app = admin_app
    _window, editor = open_editor(app, fake_dialogs, listed)
    editor.window.buttons["add"].invoke()
    fill(app, editor, code="doboku", name="土木第二課")
    assert "コード「doboku」はすでに「土木課」が使っています" in editor.form.message.cget("text")
    assert editor.form.winfo_exists()
    assert shown(editor) == ["shimin", "doboku", "toshokan"]
    assert not editor.changed


def test_a_list_the_loader_refuses_shows_its_problems_and_writes_nothing(admin_app, fake_dialogs, listed):
    app = admin_app
    _window, editor = open_editor(app, fake_dialogs, listed)
    before = listed.read_bytes()
    select(app, editor, "doboku")
    editor.window.buttons["edit"].invoke()
    fill(app, editor, tags="Road_Works")  # capitals: the loader's tag rule refuses it
    editor.window.save_button.invoke()
    pump(app)
    assert listed.read_bytes() == before
    assert len(fake_dialogs.errors) == 1
    error = fake_dialogs.errors[0]
    assert "所属一覧は保存していません（ファイルは前のままです）" in error
    assert f"{listed}:" in error and "Road_Works" in error
    assert "Road_Works" in editor.window.message.get("1.0", "end")
    assert [p.name for p in listed.parent.iterdir()] == ["departments.yaml"]  # no temporary file left


def test_cancel_asks_before_discarding_and_writes_nothing(admin_app, fake_dialogs, listed):
    app = admin_app
    _window, editor = open_editor(app, fake_dialogs, listed)
    before = listed.read_bytes()
    select(app, editor, "toshokan")
    fake_dialogs.answer_yes = True
    editor.window.buttons["retire"].invoke()
    assert shown(editor) == ["shimin", "doboku"]
    fake_dialogs.answer_yes = False  # 「変更を捨てて閉じますか」: no
    editor.window.cancel_button.invoke()
    pump(app)
    assert editor.window.winfo_exists() and shown(editor) == ["shimin", "doboku"]
    fake_dialogs.answer_yes = True
    editor.window.cancel_button.invoke()
    pump(app)
    assert not editor.window.winfo_exists()
    assert listed.read_bytes() == before


def test_the_editor_works_from_the_keyboard(admin_app, fake_dialogs, listed):
    app = admin_app
    _window, editor = open_editor(app, fake_dialogs, listed)
    tree = editor.window.tree
    press(app, tree, "Insert")
    form = editor.form
    assert form is not None and form.winfo_exists()
    form.entries["code"].insert(0, "kikaku")
    form.entries["name"].insert(0, "企画課")
    press(app, form.entries["name"], "Return")
    assert not form.winfo_exists() and shown(editor)[-1] == "kikaku"
    select(app, editor, "doboku")
    press(app, tree, "F2")
    assert editor.form.entries["code"].get() == "doboku"
    press(app, editor.form.entries["code"], "Escape")
    assert not editor.form.winfo_exists()
    tree.focus_force()
    pump(app)
    tree.event_generate("<Control-s>")
    pump(app)
    assert [d.code for d in load_departments_file(listed).departments] == [
        "shimin",
        "doboku",
        "toshokan",
        "kikaku",
    ]


def test_the_file_menu_opens_the_editor_on_the_list_the_year_uses(admin_app, fake_dialogs):
    from natori_secaudit.services import year_setup

    app = admin_app
    file_menu(app, "所属一覧を編集…")
    editor = app.admin.year.editor
    assert editor is not None and editor.path == year_setup.find_departments()
    assert shown(editor) == [d.code for d in load_departments_file(editor.path).departments]
    editor.window.cancel_button.invoke()  # unchanged: closes without asking, writes nothing
    pump(app)
    assert not editor.window.winfo_exists()


def test_a_broken_list_cannot_be_edited_and_its_problems_are_named_by_line(admin_app, fake_dialogs, tmp_path):
    broken = tmp_path / "broken" / "departments.yaml"
    broken.parent.mkdir()
    broken.write_text(
        "organization: テスト市\ndepartments:\n  - code: Shimin\n    name: 市民課\n", encoding="utf-8"
    )
    window = admin_app.admin.year.open_setup()
    fake_dialogs.open_path = str(broken)
    window.other.invoke()
    assert f"{broken}:3:" in fake_dialogs.errors[-1]  # 年度の準備 names the line
    admin_app.admin.year.departments_path = broken  # as if the file had been chosen before it broke
    window.edit_departments.invoke()
    pump(admin_app)
    assert admin_app.admin.year.editor is None
    assert f"{broken}:3:" in fake_dialogs.errors[-1] and "Shimin" in fake_dialogs.errors[-1]


def test_an_installed_build_saves_the_edit_as_the_users_list_and_every_door_then_uses_it(
    admin_app, fake_dialogs, tmp_path, monkeypatch, capsys
):
    """The shipped list inside an installation (read-only under Program Files, replaced by the
    next version) is never written: the first save makes the city's own copy in the user's
    folder, which 年度の準備, the editor and ``bundle`` then read first."""
    from natori_secaudit.cli import main
    from natori_secaudit.services import paths, setup, year_setup

    installed = tmp_path / "Program Files" / "natori_secaudit" / "data"
    shutil.copytree(paths.shipped_checklists_dir(), installed / "checklists")
    shipped = installed / "checklists" / "departments.yaml"
    before = shipped.read_bytes()
    monkeypatch.setattr(paths, "source_checkout", lambda: None)
    monkeypatch.setattr(paths, "package_data_dir", lambda: installed)
    assert year_setup.find_departments() == shipped  # no user copy yet

    app = admin_app
    app.admin.year.edit_departments()
    pump(app)
    editor = app.admin.year.editor
    intro = editor.window.intro.cget("text")
    assert "同梱の所属一覧は書き換えません" in intro and str(paths.user_checklists_dir()) in intro
    first = shown(editor)[0]
    select(app, editor, first)
    editor.window.buttons["edit"].invoke()
    fill(app, editor, head="新しい所属長")
    editor.window.save_button.invoke()
    pump(app)
    assert fake_dialogs.errors == []
    user_copy = paths.user_checklists_dir() / "departments.yaml"
    assert str(user_copy) in fake_dialogs.infos[-1]
    assert shipped.read_bytes() == before  # the installation is untouched
    assert load_departments_file(user_copy).department(first).head == "新しい所属長"
    assert user_copy.read_text("utf-8").startswith(before.decode("utf-8").splitlines()[0])  # comments kept
    editor.window.cancel_button.invoke()
    pump(app)

    assert year_setup.find_departments() == user_copy  # 年度の準備 and the editor, next time
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", ADMIN)
    fresh = setup.create_admin_db(tmp_path / "fresh.db", ADMIN)  # no last year to check against
    out = tmp_path / "2026.natori-bundle"
    args = ["bundle", "--db", str(fresh), "--year", "2026", "--checklist", "natori-standard"]
    assert main([*args, "--out", str(out)]) == 0, capsys.readouterr().err
    assert setup.read_bundle(out).organization.department(first).head == "新しい所属長"


def test_the_selected_department_is_shown_in_full_under_the_list(admin_app, fake_dialogs, listed):
    """Five tags or a long name do not fit their columns: the line under the list says them whole."""
    app = admin_app
    _window, editor = open_editor(app, fake_dialogs, listed)
    select(app, editor, "doboku")
    editor.window.buttons["edit"].invoke()
    tags = "personal_data、my_number、system_owner、counter、outsourcing"
    fill(app, editor, tags=tags, head="土木課長 佐藤")
    select(app, editor, "doboku")
    detail = editor.window.detail.cget("text")
    assert "doboku 土木課" in detail and tags in detail and "土木課長 佐藤" in detail
    select(app, editor, "shimin")
    assert "shimin 市民課" in editor.window.detail.cget("text")
