"""What the 所属一覧の編集 window does: holds the list as opened and as edited, applies one
operation per form (domain/department_list.py), saves through the loader
(services/department_list.py) and tells 年度の準備 which file now holds the list.

Checks made here are only those the editing itself needs (an empty or already used code would
make two rows one); every other rule is the loader's, shown with its file:line problems on Save.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import i18n
from ..domain import department_list as ops
from ..domain.checklist import Organization
from ..domain.fiscal_year import FiscalYear
from ..errors import AppError
from ..services import department_list
from . import dialogs
from .department_list_view import DepartmentForm, DepartmentListWindow, SplitForm


def _t(key: str, **kw) -> str:
    return i18n.t(key, **kw)


class DepartmentListActions:
    def __init__(
        self,
        parent,
        path: Path,
        org: Organization,
        fy: FiscalYear,
        previous: Organization | None,
        on_saved: Callable[[Path], None] | None = None,
    ) -> None:
        self.source = Path(path)  # the file opened (its top comments are kept)
        self.path = department_list.save_target(path)  # where Save writes
        self.saved = org  # what the file holds
        self.org = org  # what the window shows
        self.previous = previous
        self.last_year = {d.code for d in previous.departments} if previous is not None else None
        self.on_saved = on_saved
        self.form: DepartmentForm | SplitForm | None = None
        intro = _t("department_list.intro", year=fy.label_ja, path=str(path))
        if self.path != self.source:
            intro += _t("department_list.intro_user_copy", path=str(self.path))
        intro += "\n"
        if previous is not None:
            intro += _t(
                "department_list.intro_last_year",
                year=FiscalYear(fy.start_year - 1).label_ja,
                count=len(previous.departments),
            )
        else:
            intro += _t("department_list.intro_no_last_year")
        self.window = DepartmentListWindow(parent, intro, self.act)
        self.window.show(self.org, False)

    @property
    def changed(self) -> bool:
        return self.org != self.saved

    def act(self, name: str) -> None:
        getattr(self, name)()

    # -- the operations --------------------------------------------------------------------------
    def add(self) -> None:
        def done(v: dict[str, str]) -> None:
            code, name = v["code"].strip(), v["name"].strip()
            if self._refuse(self._code_problem(code) or self._name_problem(name)):
                return
            self._apply(
                ops.add(
                    self.org,
                    code,
                    name,
                    division=v["division"].strip(),
                    tags=ops.parse_tags(v["tags"]),
                    head=v["head"].strip(),
                ),
                [code],
            )

        self._open_form(
            _t("department_list.add_title"), ("code", "name", "division", "tags", "head"), {}, done
        )

    def rename(self) -> None:
        d = self._one()
        if d is None:
            return

        def done(v: dict[str, str]) -> None:
            code, name = v["code"].strip(), v["name"].strip()
            if self._refuse(self._code_problem(code, d.code) or self._name_problem(name)):
                return
            self._apply(ops.rename(self.org, d.code, code, name, self.last_year), [code])

        title = _t("department_list.rename_title", name=d.name, code=d.code)
        self._open_form(title, ("code", "name"), {"code": d.code, "name": d.name}, done)

    def merge(self) -> None:
        codes = self.window.selected()
        if len(codes) < 2:
            dialogs.show_error(self.window, _t("department_list.title"), _t("department_list.need_two"))
            return
        olds = [self.org.department(c) for c in codes]

        def done(v: dict[str, str]) -> None:
            code, name = v["code"].strip(), v["name"].strip()
            if self._refuse(self._code_problem(code, *codes) or self._name_problem(name)):
                return
            merged = ops.merge(self.org, codes, code, name, self.last_year, head=v["head"].strip())
            self._apply(merged, [code])

        title = _t("department_list.merge_title", names="・".join(d.name for d in olds))
        self._open_form(title, ("code", "name", "head"), {"code": olds[0].code, "name": olds[0].name}, done)

    def split(self) -> None:
        d = self._one()
        if d is None:
            return

        def done(text: str) -> None:
            parts, problem = self._parts(text, d.code)
            if self._refuse(problem):
                return
            self._apply(ops.split(self.org, d.code, parts, self.last_year), [c for c, _n in parts])

        title = _t("department_list.split_title", name=d.name, code=d.code)
        self.form = SplitForm(self.window, title, f"{d.code} {d.name}\n", done)

    def retire(self) -> None:
        d = self._one()
        if d is None:
            return
        if dialogs.ask_yes_no(
            self.window,
            _t("department_list.title"),
            _t("department_list.retire_confirm", name=d.name, code=d.code),
        ):
            self._apply(ops.retire(self.org, d.code), [])

    def edit(self) -> None:
        d = self._one()
        if d is None:
            return

        def done(v: dict[str, str]) -> None:
            changed = ops.edit(
                self.org,
                d.code,
                division=v["division"].strip(),
                tags=ops.parse_tags(v["tags"]),
                head=v["head"].strip(),
            )
            self._apply(changed, [d.code])

        values = {"division": d.division, "tags": "、".join(d.tags), "head": d.head}
        title = _t("department_list.edit_title", name=d.name, code=d.code)
        self._open_form(title, ("head", "tags", "division"), values, done)

    # -- save and cancel ---------------------------------------------------------------------------
    def save(self) -> bool:
        title = _t("department_list.title")
        try:
            notes = department_list.save(self.org, self.path, self.previous, self.source)
        except AppError as exc:
            problems = getattr(exc, "problems", None) or []
            text = "\n".join([_t("department_list.save_refused"), *(p.format() for p in problems[:30])])
            if not problems:
                text += "\n" + exc.message
            self.window.show_problems(text)
            dialogs.show_error(self.window, title, text)
            return False
        self.saved = self.org = department_list.open_list(self.path)
        self.window.show_problems("")
        self.window.show(self.org, False)
        text = _t("department_list.saved", count=len(self.org.departments), path=str(self.path))
        if notes:
            text += _t("department_list.saved_notes", notes="\n".join(n.format() for n in notes))
        dialogs.show_info(self.window, title, text)
        if self.on_saved is not None:
            self.on_saved(self.path)
        return True

    def cancel(self) -> None:
        if self.changed and not dialogs.ask_yes_no(
            self.window, _t("department_list.title"), _t("department_list.discard_confirm")
        ):
            return
        self.close()

    def close(self) -> None:
        for w in (self.form, self.window):
            if w is not None and w.winfo_exists():
                w.destroy()

    # -- helpers -----------------------------------------------------------------------------------
    def _one(self):
        codes = self.window.selected()
        if len(codes) != 1:
            dialogs.show_error(self.window, _t("department_list.title"), _t("department_list.need_one"))
            return None
        return self.org.department(codes[0])

    def _open_form(self, title: str, fields, values: dict[str, str], done) -> None:
        if self.form is not None and self.form.winfo_exists():
            self.form.destroy()
        self.form = DepartmentForm(self.window, title, fields, values, done)

    def _code_problem(self, code: str, *own: str) -> str:
        """Why ``code`` cannot be used ("" when it can): empty, or another department's."""
        if not code:
            return _t("department_list.code_empty")
        if self.org.has(code) and code not in own:
            return _t("department_list.code_used", code=code, name=self.org.department(code).name)
        return ""

    @staticmethod
    def _name_problem(name: str) -> str:
        return "" if name else _t("department_list.name_empty")

    def _parts(self, text: str, code: str) -> tuple[list[tuple[str, str]], str]:
        parts: list[tuple[str, str]] = []
        seen: set[str] = set()
        for n, line in enumerate(text.splitlines(), 1):
            line = line.replace("\u3000", " ").strip()
            if not line:
                continue
            part_code, _sp, name = line.partition(" ")
            if not name.strip():
                return [], _t("department_list.split_line_bad", line=n, text=line[:60])
            if part_code in seen:
                return [], _t("department_list.split_twice", line=n, code=part_code[:60])
            problem = self._code_problem(part_code, code)
            if problem:
                return [], f"{n}: {problem}"
            seen.add(part_code)
            parts.append((part_code, name.strip()))
        if len(parts) < 2:
            return [], _t("department_list.split_need_two")
        return parts, ""

    def _refuse(self, problem: str) -> bool:
        """Show ``problem`` in the open form (True), or close the form (False: go on)."""
        assert self.form is not None
        if problem:
            self.form.message.configure(text=problem)
            return True
        self.form.destroy()
        return False

    def _apply(self, org: Organization, select: list[str]) -> None:
        self.org = org
        self.window.show(org, self.changed, select)
        self.window.tree.focus_set()
