"""YAML with positions, read defensively: the node tree of a user's file, or located problems.

Why not ``yaml.safe_load``: plain Python values have no line numbers, and
PyYAML silently keeps the last of two equal keys. We need a node tree with
``start_mark`` on every node so each problem can be shown as PATH:LINE:COL.

Why not plain ``yaml.compose``: it is recursive (deeply nested input raises
RecursionError) and it resolves aliases into shared nodes (the root of
"billion laughs" blow-ups, yaml/pyyaml#235). So we drive PyYAML's pure-Python
*parser* (a state machine, no recursion) and build the nodes ourselves with an
explicit stack. Anchors and aliases are refused at their marks as the parser
meets them and are never expanded; custom or Python tags are refused at their
marks (nothing is ever constructed, so ``!!python/object`` is inert anyway);
nesting deeper than :data:`MAX_DEPTH` stops reading at once.
Before parsing, the bytes must be UTF-8 (a BOM is accepted) and free of the
control characters YAML forbids; each is reported with its position.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import ChecklistFileError, Problems, Ref, position

MAX_BYTES = 5 * 1024 * 1024
MAX_MB = 5
#: Collections nested deeper than this are refused (a checklist needs 6).
MAX_DEPTH = 32

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
SEQ, MAP = _T + "seq", _T + "map"
SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP})
#: Tag given to nodes whose problem was already reported (an alias, a refused tag):
#: validation skips them instead of piling a second message on the same spot.
REPORTED = "tag:natori-secaudit,2026:reported"

_BOM = b"\xef\xbb\xbf"
# What YAML itself forbids, plus the exotic line breaks (NEL, U+2028, U+2029) that
# PyYAML counts as new lines but editors do not: they would make our line numbers lie.
_FORBIDDEN_CHAR = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern + "|[\x85\u2028\u2029]")


class _Loader(yaml.SafeLoader):
    """The safe loader's scanner, parser and resolver; used only to parse events.

    The implicit "merge" (``<<``), "value" (``=``) and "yaml" resolvers are dropped:
    a plain ``<<`` or ``=`` written by a user is just text to us.
    """

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag not in (_T + "merge", _T + "value", _T + "yaml")]
        for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


try:
    from yaml.cyaml import CParser as _CParser  # libyaml, shipped in PyYAML's wheels
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _CParser = None
if _CParser is not None:

    class _CLoader(_CParser, yaml.resolver.Resolver):
        """libyaml's parser (C, 7–8× faster) with the same resolvers as :class:`_Loader`.

        Used for every file first; a file libyaml rejects is parsed again by the Python
        parser so that the problem is worded (and placed) exactly as before.
        """

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)


def read_limited(path: Path | str | os.PathLike[str]) -> bytes:
    """The bytes of a user's file, refusing more than :data:`MAX_BYTES` before reading them all.

    Raises ChecklistFileError with one problem at 1:1 for a missing,
    unreadable or oversized file (``stat`` can lie for pipes and growing
    files, so the read itself is capped too).
    """
    name = str(path)
    problems = Problems(name)
    p = Path(path)
    try:
        if p.is_dir():
            problems.add_at(1, 1, "checklist.is_directory")
        elif p.stat().st_size > MAX_BYTES:
            problems.add_at(1, 1, "checklist.too_large", mb=MAX_MB)
        else:
            with p.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
            if len(data) <= MAX_BYTES:
                return data
            problems.add_at(1, 1, "checklist.too_large", mb=MAX_MB)
    except FileNotFoundError:
        problems.add_at(1, 1, "checklist.not_found")
    except PermissionError:
        problems.add_at(1, 1, "checklist.no_permission")
    except (OSError, ValueError) as exc:  # ValueError: a path with NUL
        problems.add_at(1, 1, "checklist.unreadable", detail=str(getattr(exc, "strerror", None) or exc)[:200])
    raise ChecklistFileError.of(name, problems.result())


def decode(data: bytes, problems: Problems) -> str | None:
    """The text of ``data`` (UTF-8, optional BOM), or None after reporting why not."""
    if len(data) > MAX_BYTES:
        problems.add_at(1, 1, "checklist.too_large", mb=MAX_MB)
        return None
    skipped = len(_BOM) if data.startswith(_BOM) else 0
    body = data[skipped:]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(body, exc.start)
        offset = exc.start + skipped
        problems.add_at(
            line, col, "checklist.not_utf8", offset=offset, byte_no=offset + 1, byte=f"{body[exc.start]:02X}"
        )
        return None
    line, line_start, counted = 1, 0, 0
    for m in _FORBIDDEN_CHAR.finditer(text):
        index = m.start()
        line += text.count("\n", counted, index)
        line_start, counted = text.rfind("\n", 0, index) + 1, index
        problems.add_at(
            line, index - line_start + 1, "checklist.forbidden_char", code=f"U+{ord(m.group()):04X}"
        )
        if problems.truncated:
            break
    return None if problems else text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``; bytes before it are valid UTF-8."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def compose(data: bytes, path: str) -> tuple[Node | None, Problems]:
    """The root node of the single YAML document in ``data``, and the problems found so far.

    The root is None when the file cannot be read as YAML at all. When the
    problems include anchors, aliases or tags the tree is still returned (it
    is safe: nothing was expanded) so the caller can tell what kind of file
    it is; callers must not load a file with problems.
    """
    problems = Problems(path)
    text = decode(data, problems)
    if text is None:
        return None, problems
    # libyaml accepts tabs where PyYAML refuses them; a file with a tab is read by the Python parser,
    # so what is accepted and every message stay exactly as they were.
    if _CParser is not None and not problems and "\t" not in text:
        fast = Problems(path)
        c_loader = _CLoader(text)
        try:
            root = _build(c_loader, fast)
        except (yaml.YAMLError, _TooDeep, _TooMany):
            pass  # worded by the Python parser below, exactly as before
        else:
            if root is not None:
                return root, fast
        finally:
            c_loader.dispose()
    loader = _Loader(text)
    try:
        root = _build(loader, problems)
    except yaml.MarkedYAMLError as exc:
        _syntax_problem(exc, text, problems)
        return None, problems
    except yaml.YAMLError as exc:  # a reader error without a mark (cannot happen after decode(); kept safe)
        index = getattr(exc, "position", 0)
        index = index if isinstance(index, int) else 0
        line, col = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
        problems.add_at(
            line, col, "checklist.not_yaml", detail=str(exc)[:200], hint=Ref.to("checklist.hint_general")
        )
        return None, problems
    except _TooDeep as exc:
        problems.add(exc.mark, "checklist.too_deep", max=MAX_DEPTH)
        return None, problems
    except _TooMany:  # e.g. a file of thousands of aliases: stop reading, say so
        problems.truncated = True
        return None, problems
    finally:
        loader.dispose()
    if root is None and not problems:
        problems.add_at(1, 1, "checklist.empty_file")
    return root, problems


class _TooMany(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("too deep")
        self.mark = mark


def _build(loader: _Loader, problems: Problems) -> Node | None:
    """Compose the first document from parser events with an explicit stack (no recursion)."""
    root: Node | None = None
    documents = 0
    stack: list[Node] = []  # open sequences and mappings
    pending: list[Node | None] = []  # per open mapping: a key waiting for its value
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            return root
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                problems.add(event.start_mark, "checklist.many_documents")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = stack.pop()
            pending.pop()
            done.end_mark = event.end_mark
            if not stack and documents == 1:
                root = done
            continue
        node = _node_for(event, loader, problems)
        if problems.full:
            raise _TooMany
        if stack:
            parent = stack[-1]
            if isinstance(parent, SequenceNode):
                parent.value.append(node)
            elif pending[-1] is None:
                pending[-1] = node
            else:
                parent.value.append((pending[-1], node))
                pending[-1] = None
        if isinstance(node, (SequenceNode, MappingNode)):
            if len(stack) >= MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            stack.append(node)
            pending.append(None)
        elif not stack and documents == 1:
            root = node


def _node_for(event: Any, loader: _Loader, problems: Problems) -> Node:
    """A node for a scalar, alias or collection-start event, reporting anchors, aliases and tags."""
    mark = event.start_mark
    if isinstance(event, yaml.AliasEvent):
        problems.add(mark, "checklist.alias", name=event.anchor)
        return ScalarNode(REPORTED, "", mark, event.end_mark)
    if event.anchor is not None:
        problems.add(mark, "checklist.anchor", name=event.anchor)
    explicit = event.tag not in (None, "!")
    if isinstance(event, yaml.ScalarEvent):
        tag = event.tag if explicit else loader.resolve(ScalarNode, event.value, event.implicit)
        node: Node = ScalarNode(tag, event.value, mark, event.end_mark, style=event.style or None)
        allowed = SCALAR_TAGS
    elif isinstance(event, yaml.SequenceStartEvent):
        tag = event.tag if explicit else SEQ
        node = SequenceNode(tag, [], mark, None, flow_style=event.flow_style)
        allowed = frozenset({SEQ})
    else:
        tag = event.tag if explicit else MAP
        node = MappingNode(tag, [], mark, None, flow_style=event.flow_style)
        allowed = frozenset({MAP})
    if node.tag not in allowed:
        problems.add(mark, "checklist.bad_tag", tag=_show_tag(str(node.tag)))
        node.tag = REPORTED
    return node


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


# PyYAML's problem texts mapped to plain advice (the English text is kept as detail).
_HINTS = (
    ("'\\t'", "checklist.hint_tab"),
    ("mapping values are not allowed", "checklist.hint_colon"),
    ("could not find expected ':'", "checklist.hint_missing_colon"),
    ("expected <block end>", "checklist.hint_indent"),
    ("expected <block mapping end>", "checklist.hint_indent"),
    ("did not find expected key", "checklist.hint_indent"),
    ("did not find expected '-'", "checklist.hint_indent"),
    ("expected ',' or ']'", "checklist.hint_flow"),
    ("expected ',' or '}'", "checklist.hint_flow"),
    ("found unexpected end of stream", "checklist.hint_unclosed"),
    ("unknown escape character", "checklist.hint_escape"),
    ("found character '@'", "checklist.hint_reserved"),
    ("found character '`'", "checklist.hint_reserved"),
    ("found character '%'", "checklist.hint_reserved"),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, problems: Problems) -> None:
    mark = exc.problem_mark or exc.context_mark
    detail = " ".join(filter(None, ((exc.context or "").strip(), (exc.problem or "").strip())))
    hint = next((key for needle, key in _HINTS if needle in detail), "checklist.hint_general")
    line, col = position(mark)
    culprit = _bad_indent(text, mark.line) if mark is not None else None
    if culprit is not None:
        hint, line, col = culprit
    problems.add_at(line, col, "checklist.not_yaml", detail=detail[:300], hint=Ref.to(hint))


def _bad_indent(text: str, line: int) -> tuple[str, int, int] | None:
    """(hint, line, column) of a full-width space or tab indenting ``line`` (0-based) or the line before.

    Full-width spaces (typed with the Japanese IME on) and tabs are the usual
    cause of a syntax error near them, whatever PyYAML's own message says.
    """
    lines = text.split("\n")
    for number in (line, line - 1):
        if 0 <= number < len(lines):
            indent = lines[number][: len(lines[number]) - len(lines[number].lstrip(" \t\u3000"))]
            for char, hint in (("\u3000", "checklist.hint_fullwidth_space"), ("\t", "checklist.hint_tab")):
                if char in indent:
                    return hint, number + 1, indent.index(char) + 1
    return None
