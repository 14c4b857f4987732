"""YAML with positions: safe composition, no anchors or aliases, no custom tags.

We validate the *node tree* (yaml.compose with the safe loader) rather than
plain Python values, so every problem carries its line and column. Anchors
and aliases are refused before composing (no alias bombs); tags other than
the plain YAML types are refused (no `!!python/object`).
"""

from __future__ import annotations

import yaml

from .problems import Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
PLAIN_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP}


class _Loader(yaml.SafeLoader):
    """Safe loader used only for composing nodes."""


def pos(node_or_mark) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    last_nl = before.rfind(b"\n")
    col = len(before[last_nl + 1:].decode("utf-8", errors="replace")) + 1
    return line, col


def compose(data: bytes, path: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The document's root node, or the problems that stop us from reading it."""
    if len(data) > MAX_BYTES:
        return None, [Problem(path, 1, 1, "checklist.too_large", {"mb": MAX_BYTES // (1024 * 1024)})]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        return None, [Problem(path, line, col, "checklist.not_utf8", {"offset": exc.start})]
    problems: list[Problem] = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AnchorToken):
                problems.append(Problem(path, *pos(token.start_mark), "checklist.anchor", {"name": token.value}))
            elif isinstance(token, yaml.AliasToken):
                problems.append(Problem(path, *pos(token.start_mark), "checklist.alias", {"name": token.value}))
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, path)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, "checklist.not_yaml", {"detail": str(exc)[:200]})]
    if problems:
        return None, problems
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, path)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, "checklist.not_yaml", {"detail": str(exc)[:200]})]
    except RecursionError:
        return None, [Problem(path, 1, 1, "checklist.too_deep", {})]
    if node is None:
        return None, [Problem(path, 1, 1, "checklist.empty_file", {})]
    problems.extend(_check_tags(node, path))
    return node, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = pos(mark) if mark else (1, 1)
    detail = (exc.problem or exc.context or "").strip()
    return Problem(path, line, col, "checklist.not_yaml", {"detail": detail})


def _check_tags(root: yaml.Node, path: str) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(Problem(path, *pos(node), "checklist.too_deep", {}))
            break
        if node.tag not in PLAIN_TAGS:
            problems.append(Problem(path, *pos(node), "checklist.bad_tag", {"tag": node.tag}))
            continue
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in node.value)
    return problems
