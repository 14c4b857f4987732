"""Malformed checklist and department files: a correct load or a clear, located error — never anything else.

Every case must either load (and then the result must be sane) or raise
ChecklistFileError whose every problem has line >= 1, col >= 1 and a
non-empty message in Japanese and English. Any other exception, a hang
(> 2 s for one small file) or a write to disk fails the test.
Examples per test: NATORI_FUZZ_EXAMPLES (default 1000); run with -s to see the tallies.
"""

from __future__ import annotations

import builtins
import io
import os
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natori_secaudit import i18n
from natori_secaudit.domain.checklist import Checklist, Organization, Severity
from natori_secaudit.domain.serialize import checklist_snapshot
from natori_secaudit.loading import (
    ChecklistFileError,
    Problem,
    file_kind,
    load_checklist_bytes,
    load_departments_bytes,
    validate_path,
)

pytestmark = pytest.mark.slow  # kills, flips and fuzzing: CI and the nightly run, not the quick loop

EXAMPLES = int(os.environ.get("NATORI_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LOADING = Path(__file__).resolve().parents[1] / "data" / "loading"
CHECKLISTS = [(LOADING / n).read_bytes() for n in ("minimal.yaml", "full.yaml")]
DEPARTMENTS = (LOADING / "departments.yaml").read_bytes()
TALLY: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_tally() -> Iterator[None]:
    i18n.t("checklist.valid", path="", kind="")  # load the catalogues before writes are watched
    i18n.t("checklist.valid", lang="en", path="", kind="")
    start = time.perf_counter()
    yield
    print(f"\nloader fuzz: {sum(TALLY.values())} cases in {time.perf_counter() - start:.1f} s: {dict(TALLY)}")


# -- the loader never writes ------------------------------------------------------------------
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


@contextmanager
def no_writes() -> Iterator[None]:
    """Fail on any attempt to open a file for writing while the block runs."""
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+"):
            raise AssertionError(f"the loader opened {file!r} for writing")
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _WRITE_FLAGS:
            raise AssertionError(f"the loader opened {path!r} for writing")
        return real_os_open(path, flags, *args, **kwargs)

    builtins.open = io.open = guarded_open  # type: ignore[assignment]
    os.open = guarded_os_open  # type: ignore[assignment]
    try:
        yield
    finally:
        builtins.open, io.open, os.open = real_open, real_io_open, real_os_open


def test_the_write_guard_catches_writes(tmp_path):
    with no_writes(), pytest.raises(AssertionError):
        (tmp_path / "x.txt").write_text("x")
    with no_writes(), pytest.raises(AssertionError):
        os.open(tmp_path / "y.txt", os.O_WRONLY | os.O_CREAT)
    with no_writes():
        assert (LOADING / "minimal.yaml").read_bytes()


# -- the oracle -------------------------------------------------------------------------------
def _check_problems(problems: list[Problem]) -> None:
    assert problems, "ChecklistFileError without problems"
    for p in problems:
        assert isinstance(p, Problem)
        assert isinstance(p.line, int) and isinstance(p.col, int) and p.line >= 1 and p.col >= 1, p
        assert p.message("ja").strip() and p.message("en").strip(), p
        line = p.format()
        assert line.startswith(f"{p.path}:{p.line}:{p.col}: ")
        assert "\n" not in line and line.encode("utf-8"), "a message must print on one line"
    assert [(p.line, p.col) for p in problems[:-1]] == sorted((p.line, p.col) for p in problems[:-1])


def _text_ok(text: str) -> bool:
    return text == unicodedata.normalize("NFC", text).strip() and len(text) <= 2000


def _check_checklist(c: Checklist) -> None:
    assert c.sha256 == checklist_snapshot(c)[1]
    assert c.sections and all(s.items for s in c.sections)
    assert len({s.id for s in c.sections}) == len(c.sections)
    assert len({i.id for i in c.items}) == len(c.items) <= 2000
    codes = {t.code for t in c.incident_types}
    assert len(codes) == len(c.incident_types)
    for s in c.sections:
        assert _text_ok(s.title) and s.title
        for item in s.items:
            assert item.section_id == s.id and _text_ok(item.question) and item.question
            assert set(item.prevents) <= codes
            assert item.severity is not Severity.HIGH or item.recommendation


def _check_organization(org: Organization) -> None:
    assert org.departments and _text_ok(org.name)
    assert len({d.code for d in org.departments}) == len(org.departments)
    assert len({d.name for d in org.departments}) == len(org.departments)


def check(loader: Callable[[bytes, str], Any], data: bytes) -> Any:
    """Load ``data``; return the result, or None for a correctly reported invalid file."""
    try:
        with no_writes():
            result = loader(data, "fuzz.yaml")
    except ChecklistFileError as exc:
        _check_problems(exc.problems)
        TALLY["rejected"] += 1
        result = None
    else:
        if isinstance(result, Checklist):
            _check_checklist(result)
        else:
            _check_organization(result)
        TALLY["loaded"] += 1
    return result


# -- (a) byte mutations of valid files --------------------------------------------------------
SNIPPETS = [
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system ",
    b"!x ",
    b"\t",
    b"\x00",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"'",
    b'"',
    b"\n",
    b"\n  ",
    b"#",
    b"\xef\xbb\xbf",
    "\u3000".encode(),
    "髙".encode(),
    b"\xff",
    b"\xe3\x81",
    b"---\n",
    b"? ",
    b"|",
    b">-",
    b"%YAML 1.1\n",
    b"<<: ",
    b"\\ud800",
    b"2026.1",
    b"high",
    b"~",
    b"null",
    b"yes",
    b"\r\n",
    "\u2028".encode(),
    b"\xc2\x85",
    b"sections",
    b"id: A-1\n",
]


@st.composite
def mutated(draw: st.DrawFn, bases: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[i:i] = draw(st.sampled_from(SNIPPETS) | st.binary(min_size=1, max_size=4))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 20))]
        elif op == "truncate":
            del data[i:]
        else:
            j = draw(st.integers(i, min(len(data), i + 80)))
            data[j:j] = data[i:j]
    return bytes(data)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(data=mutated(CHECKLISTS))
def test_mutated_checklists(data: bytes, scratch: Path) -> None:
    check(load_checklist_bytes, data)
    if file_kind(data) == "checklist":  # validate_path on the same bytes must agree
        path = scratch / "case.yaml"
        path.write_bytes(data)
        try:
            load_checklist_bytes(data, str(path))
            expected: list[tuple[str, int, int]] = []
        except ChecklistFileError as exc:
            expected = [(p.key, p.line, p.col) for p in exc.problems]
        with no_writes():
            kind, problems = validate_path(path)
        assert kind == "checklist" and [(p.key, p.line, p.col) for p in problems] == expected


@FUZZ
@given(data=mutated([DEPARTMENTS]))
def test_mutated_department_lists(data: bytes) -> None:
    check(load_departments_bytes, data)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    check(load_checklist_bytes, data)
    check(load_departments_bytes, data)


# -- (b) YAML-ish text from a grammar ----------------------------------------------------------
KEYS = [
    "id",
    "title",
    "version",
    "language",
    "description",
    "incident_types",
    "sections",
    "items",
    "code",
    "name",
    "question",
    "severity",
    "guidance",
    "recommendation",
    "reference",
    "prevents",
    "applies_to",
    "organization",
    "departments",
    "division",
    "tags",
    "questoin",
    "titel",
    "Severity",
    "1",
    "true",
    "~",
    "<<",
    "a b",
    "\u3000title",
    "'id'",
    '"x"',
    "? k",
    "-",
    "&a k",
    "*a",
    "!!python/name:os.system",
]
WORDS = [
    "high",
    "medium",
    "low",
    "urgent",
    "LEAK",
    "S1",
    "A-1",
    "A-1",
    "ja",
    "en",
    "fr",
    "2026.1",
    "'2026.1'",
    '"2026.1"',
    "3",
    "~",
    "null",
    "",
    "yes",
    "personal_data",
    "somu",
    "総務課",
    "責任者を決めていますか。",
    "&a x",
    "*a",
    "!!str x",
    "!!python/object:os.system x",
    "!foo x",
    "|",
    ">-",
    "[a, b]",
    "[LEAK]",
    "{a: b}",
    "'unclosed",
    '"\\q"',
    ": x",
    "# c",
    "a: b",
    "\t",
    "\u3000x",
    "\\x00",
    '"\\ud800"',
    "- x",
    "]",
    "}",
]


def _render(node: Any, indent: int, noise: list[int]) -> str:
    pad = " " * max(0, indent + (noise.pop() if noise else 0))
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            if isinstance(value, (dict, list)) and value:
                out.append(f"{pad}{key}:\n{_render(value, indent + 2, noise)}")
            else:
                out.append(f"{pad}{key}: {value if not isinstance(value, (dict, list)) else '[]'}\n")
        return "".join(out)
    if isinstance(node, list):
        out = []
        for value in node:
            if isinstance(value, (dict, list)) and value:
                out.append(f"{pad}-\n{_render(value, indent + 2, noise)}")
            else:
                out.append(f"{pad}- {value if not isinstance(value, (dict, list)) else '{}'}\n")
        return "".join(out)
    return f"{pad}{node}\n"


SCALAR = st.sampled_from(WORDS) | st.text(alphabet="abcAZ019-_. :#'\"あ漢\u3000\t[]{}&*!|>,", max_size=12)
TREE = st.recursive(
    SCALAR,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(KEYS), kids, max_size=6),
    max_leaves=30,
)


@FUZZ
@given(
    tree=st.dictionaries(st.sampled_from(KEYS), TREE, min_size=1, max_size=8),
    noise=st.lists(st.sampled_from([0, 0, 0, 0, 1, -1, 2]), max_size=40),
)
def test_yamlish_text_from_a_grammar(tree: dict[str, Any], noise: list[int]) -> None:
    data = _render(tree, 0, noise).encode("utf-8")
    check(load_checklist_bytes, data)
    check(load_departments_bytes, data)


# -- generated valid checklists load exactly -----------------------------------------------------
TEXT = st.text(
    alphabet="あいう漢字カナ ABCxyz019-_.:#&*!|>'\"%@`{}[],?\u3000\u3099", min_size=1, max_size=30
).filter(lambda s: unicodedata.normalize("NFC", s).strip() != "")
NODE_ID = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True)
TAG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True)
CODE = st.from_regex(r"[A-Z][A-Z0-9_]{0,8}", fullmatch=True)


@st.composite
def valid_checklists(draw: st.DrawFn) -> dict[str, Any]:
    codes = draw(st.lists(CODE, unique=True, max_size=4))
    item_ids = iter(draw(st.lists(NODE_ID, unique=True, min_size=6, max_size=6)))
    sections = []
    for section_id in draw(st.lists(NODE_ID, unique=True, min_size=1, max_size=3)):
        items = []
        for _ in range(draw(st.integers(1, 2))):
            severity = draw(st.sampled_from(["high", "medium", "low"]))
            item = {"id": next(item_ids), "question": draw(TEXT), "severity": severity}
            if severity == "high" or draw(st.booleans()):
                item["recommendation"] = draw(TEXT)
            if codes and draw(st.booleans()):
                item["prevents"] = draw(st.lists(st.sampled_from(codes), max_size=2))
            if draw(st.booleans()):
                item["applies_to"] = draw(st.lists(TAG, max_size=2))
            items.append(item)
        sections.append({"id": section_id, "title": draw(TEXT), "items": items})
    doc: dict[str, Any] = {
        "id": draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)),
        "title": draw(TEXT),
        "version": draw(TEXT),
        "sections": sections,
    }
    if codes:
        doc["incident_types"] = [{"code": c, "name": draw(TEXT)} for c in codes]
    return doc


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


@FUZZ
@given(doc=valid_checklists(), flow=st.booleans(), sort_keys=st.booleans())
def test_generated_valid_checklists_load_exactly(doc: dict[str, Any], flow: bool, sort_keys: bool) -> None:
    data = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, sort_keys=sort_keys).encode(
        "utf-8"
    )
    c = check(load_checklist_bytes, data)
    assert c is not None, data.decode()
    assert (c.id, c.title, c.version) == (doc["id"], _norm(doc["title"]), _norm(doc["version"]))
    assert [s.id for s in c.sections] == [s["id"] for s in doc["sections"]]
    expected = [
        (
            i["id"],
            _norm(i["question"]),
            i["severity"],
            s["id"],
            tuple(i.get("prevents", ())),
            tuple(i.get("applies_to", ())),
        )
        for s in doc["sections"]
        for i in s["items"]
    ]
    assert [
        (i.id, i.question, i.severity.value, i.section_id, i.prevents, i.applies_to) for i in c.items
    ] == expected
