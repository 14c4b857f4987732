"""Every message key the program uses is in the Japanese and the English catalogue.

English falls back to Japanese at run time, so a key missing from en/*.yaml never fails a GUI or
report test: it just shows Japanese on an English screen. This test reads the source instead. It
finds the keys

- passed as a literal to ``i18n.t("area.key")`` or to a pass-through helper such as the CLI's
  ``_say(key)``;
- passed to a module-local wrapper that puts its area in front (``gui/unlock_view.t`` →
  ``gui.``, ``reporting/common.t`` → ``report.``, ``admin_year_view.t`` → ``admin_year.``), also
  where another module imports that wrapper (``from .unlock_view import t``,
  ``from .admin_year_view import t as year_t``);
- written as an f-string (``t(f"dcol_{col}")``): expanded over the literal loop around it when there
  is one, otherwise at least one catalogue key must fit the pattern;
- and any other string literal of the form ``<area>.<name>`` (error keys given to ``Refused``,
  ``InvalidInput``, the loaders' ``problem(row, key)``, …).
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from natori_secaudit import i18n

PKG = Path(__file__).resolve().parents[2] / "natori_secaudit"
AREAS = sorted(p.stem for p in (PKG / "i18n" / "ja").glob("*.yaml"))
_LITERAL_KEY = re.compile(rf"^(?:{'|'.join(AREAS)})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*$")


@dataclass(frozen=True)
class Use:
    key: str  # the key, or a regular expression when ``pattern``
    where: str
    pattern: bool = False


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PKG.parent).with_suffix("").parts).removesuffix(".__init__")


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    mod = node.module or ""
    if not node.level:
        return mod
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    base = parts[: len(parts) - node.level]  # x/__init__.py: level 1 is x itself, as for a module in x
    return ".".join((*base, mod)) if mod else ".".join(base)


def _is_i18n_t(func: ast.expr, aliases: set[str]) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr == "t" and isinstance(func.value, ast.Name) and func.value.id == "i18n"
    return isinstance(func, ast.Name) and func.id in aliases


def _i18n_aliases(tree: ast.Module) -> set[str]:
    """Names bound to i18n.t itself: ``from ..i18n import t`` or ``t = i18n.t``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("i18n"):
            names |= {a.asname or a.name for a in node.names if a.name == "t"}
        elif isinstance(node, ast.Assign) and _is_i18n_t(node.value, set()):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _wrapper_prefix(fn: ast.FunctionDef, aliases: set[str]) -> str | None:
    """``def t(key, **kw): return i18n.t(f"gui.{key}", **kw)`` → "gui."; a pass-through → ""."""
    if not fn.args.args:
        return None
    param = fn.args.args[0].arg
    for node in ast.walk(fn):
        if not (isinstance(node, ast.Call) and node.args and _is_i18n_t(node.func, aliases)):
            continue
        first = node.args[0]
        if isinstance(first, ast.Name) and first.id == param:
            return ""
        if (
            isinstance(first, ast.JoinedStr)
            and len(first.values) == 2
            and isinstance(first.values[0], ast.Constant)
            and isinstance(first.values[1], ast.FormattedValue)
            and isinstance(first.values[1].value, ast.Name)
            and first.values[1].value.id == param
        ):
            return str(first.values[0].value)
    return None


def _parse_all() -> dict[str, tuple[Path, ast.Module]]:
    return {_module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PKG.rglob("*.py"))}


def _wrappers(modules) -> dict[tuple[str, str], str]:
    found = {}
    for name, (_path, tree) in modules.items():
        aliases = _i18n_aliases(tree)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                prefix = _wrapper_prefix(node, aliases)
                if prefix is not None:
                    found[(name, node.name)] = prefix
    return found


def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level ``NAME = (…)`` tuples and lists (e.g. a table's COLUMNS)."""
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, (ast.Tuple, ast.List)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update({t.id: value for t in targets if isinstance(t, ast.Name)})
    return found


def _loop_values(parents: list[ast.AST], var: str, constants: dict[str, ast.expr]) -> list[str] | None:
    """The literal values ``var`` takes in the nearest enclosing ``for`` (or comprehension)."""
    for node in reversed(parents):
        gens = [node] if isinstance(node, ast.For) else getattr(node, "generators", None) or []
        for gen in gens:
            target, it = gen.target, gen.iter
            if isinstance(it, ast.Name):
                it = constants.get(it.id, it)
            if not isinstance(it, (ast.Tuple, ast.List)):
                continue
            if isinstance(target, ast.Name) and target.id == var:
                vals = [e.value for e in it.elts if isinstance(e, ast.Constant)]
                return [str(v) for v in vals] if len(vals) == len(it.elts) else None
            if isinstance(target, ast.Tuple):
                names = [e.id if isinstance(e, ast.Name) else None for e in target.elts]
                if var in names:
                    i = names.index(var)
                    vals = [
                        e.elts[i].value
                        for e in it.elts
                        if isinstance(e, ast.Tuple) and isinstance(e.elts[i], ast.Constant)
                    ]
                    return [str(v) for v in vals] if len(vals) == len(it.elts) else None
    return None


def _fstring_uses(
    prefix: str, node: ast.JoinedStr, parents: list[ast.AST], constants: dict[str, ast.expr], where: str
) -> list[Use]:
    parts: list[list[str] | None] = []
    for v in node.values:
        if isinstance(v, ast.Constant):
            parts.append([str(v.value)])
        elif isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name):
            parts.append(_loop_values(parents, v.value.id, constants))
        else:
            parts.append(None)
    if all(p is not None for p in parts):
        keys = [prefix]
        for p in parts:
            keys = [k + x for k in keys for x in p or []]
        return [Use(k, where) for k in keys]
    rx = re.escape(prefix) + "".join(re.escape(p[0]) if p and len(p) == 1 else ".+" for p in parts)
    return [Use(rx, where, pattern=True)]


@dataclass
class _ModuleScan:
    """The keys one module uses, knowing which of its names are i18n.t or a wrapper of it."""

    name: str
    rel: str
    aliases: set[str]
    callables: dict[str, str]  # name → area prefix its calls put in front
    constants: dict[str, ast.expr]
    docstrings: set[int]
    own_wrappers: set[str]
    uses: list[Use] = field(default_factory=list)

    def visit(self, node: ast.AST, parents: list[ast.AST]) -> None:
        if isinstance(node, ast.FunctionDef) and not parents[1:] and node.name in self.own_wrappers:
            return  # the wrapper itself: its key is its caller's
        if isinstance(node, ast.Call) and node.args:
            self._call(node, parents)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in self.docstrings
            and not (parents and isinstance(parents[-1], ast.JoinedStr))
            and _LITERAL_KEY.match(node.value)
        ):
            self.uses.append(Use(node.value, f"{self.rel}:{node.lineno}"))
        for child in ast.iter_child_nodes(node):
            self.visit(child, [*parents, node])

    def _call(self, node: ast.Call, parents: list[ast.AST]) -> None:
        func, first = node.func, node.args[0]
        if isinstance(func, ast.Attribute) and _is_i18n_t(func, self.aliases):
            prefix = ""
        elif isinstance(func, ast.Name) and func.id in self.callables:
            prefix = self.callables[func.id]
        else:
            return
        where = f"{self.rel}:{node.lineno}"
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            self.uses.append(Use(prefix + first.value, where))
        elif isinstance(first, ast.JoinedStr):
            self.uses.extend(_fstring_uses(prefix, first, parents, self.constants, where))


def _docstrings(tree: ast.Module) -> set[int]:
    return {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }


def used_keys() -> list[Use]:
    """Every key the source uses (scanned once per test process: the source does not change)."""
    return list(_scan())


@functools.cache
def _scan() -> tuple[Use, ...]:
    modules = _parse_all()
    wrappers = _wrappers(modules)
    module_constants = {name: _constants(tree) for name, (_p, tree) in modules.items()}
    uses: list[Use] = []
    for name, (path, tree) in modules.items():
        aliases = _i18n_aliases(tree)
        own = {fn: prefix for (mod, fn), prefix in wrappers.items() if mod == name}
        scan = _ModuleScan(
            name,
            str(path.relative_to(PKG)),
            aliases,
            {**{n: "" for n in aliases}, **own},
            dict(module_constants[name]),
            _docstrings(tree),
            set(own),
        )
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _resolve(path, node)
                for a in node.names:
                    if (source, a.name) in wrappers:
                        scan.callables[a.asname or a.name] = wrappers[(source, a.name)]
                    if a.name in module_constants.get(source, {}):
                        scan.constants[a.asname or a.name] = module_constants[source][a.name]
        scan.visit(tree, [])
        uses += scan.uses
    return tuple(uses)


# Literals of the <area>.<name> form that are not message keys.
NOT_KEYS = {"gui.json"}  # the GUI's settings file (gui/app.py)


def missing_keys(lang: str, uses: list[Use] | None = None) -> dict[str, str]:
    have = i18n.keys(lang)
    missing = {}
    for use in used_keys() if uses is None else uses:
        if use.pattern:
            if not any(re.fullmatch(use.key, k) for k in have):
                missing[use.key] = use.where
        elif use.key not in have and use.key not in NOT_KEYS:
            missing[use.key] = use.where
    return missing


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_key_used_is_in_the_catalogue(lang):
    assert missing_keys(lang) == {}, f"missing in {lang}/*.yaml"


def test_the_scan_sees_the_wrappers_of_the_gui_reports_exports_and_cli():
    """The scan is only as good as what it finds: keys through each kind of call are among the uses."""
    found = {u.key: u.where for u in used_keys() if not u.pattern}
    expected = {
        "gui.unlock_intro": "gui/unlock_view.py",  # local t → gui.
        "gui.imports_none": "gui/admin_imports_tab.py",  # from .unlock_view import t
        "admin_year.window_title": "gui/admin_actions.py",  # from .admin_year_view import t as year_t
        "report.dept_title": "reporting/department_report.py",  # from .common import t → report.
        "admin_year.reminder_title": "reporting/reminder_list.py",
        "export.print_handling_mark": "exports/common.py",  # i18n.t("…")
        "cli.help_import": "cli/",  # t = i18n.t
        "gui.dcol_department": "gui/admin_screen.py",  # t(f"dcol_{col}") over the module's COLUMNS
    }
    for key, where in expected.items():
        assert key in found and found[key].startswith(where), (key, found.get(key))
    assert len(found) > 700


def test_a_key_missing_from_either_language_is_named(monkeypatch):
    """Take one key out of one catalogue: the test above would name it and the line that uses it."""
    for lang in i18n.LANGUAGES:
        cat = dict(i18n._load(lang))
        del cat["report.dept_title"]
        monkeypatch.setitem(i18n._catalogues, lang, cat)
        missing = missing_keys(lang)
        assert list(missing) == ["report.dept_title"]
        assert missing["report.dept_title"].startswith("reporting/department_report.py:")
        monkeypatch.undo()


def test_one_word_for_a_department_in_japanese():
    """Issue 15: the reports say 所属 (the term of local government), so the GUI, the CLI and the
    manuals that describe them say 所属 too, never 部署."""
    root = PKG.parent
    texts = {f"ja:{k}": v for k, v in i18n._load("ja").items()}
    for path in [root / "README.md", *sorted((root / "docs" / "manual").glob("*.md"))]:
        texts[str(path.relative_to(root))] = path.read_text(encoding="utf-8")
    assert sorted(where for where, text in texts.items() if "部署" in text) == []
