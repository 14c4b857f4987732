"""Walk a composed YAML node tree against a small schema, collecting every problem."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import yaml

from .located_yaml import BOOL, FLOAT, INT, NULL, STR, TIMESTAMP, pos
from .problems import Problem

MAX_TEXT = 2000


@dataclass(frozen=True)
class Field:
    name: str
    kind: str                 # "str" | "text" | "list_str" | "list_map"
    required: bool = False
    pattern: str | None = None
    pattern_hint: str = ""


class Walker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, node, message_key: str, /, **params) -> None:
        self.problems.append(Problem(self.path, *pos(node), message_key, params))

    def mapping(self, node, fields: list[Field], where: str) -> dict[str, tuple[object, yaml.Node]] | None:
        """Check a mapping against fields; return {name: (value, node)} for fields present."""
        if not isinstance(node, yaml.MappingNode):
            self.add(node, "checklist.expected_mapping", where=where)
            return None
        allowed = {f.name: f for f in fields}
        seen: dict[str, yaml.Node] = {}
        out: dict[str, tuple[object, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == STR):
                self.add(key_node, "checklist.bad_key", where=where)
                continue
            key = key_node.value
            if key in seen:
                self.add(key_node, "checklist.duplicate_key", key=key, first=pos(seen[key])[0])
                continue
            seen[key] = key_node
            spec = allowed.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, list(allowed), n=1)
                if close:
                    self.add(key_node, "checklist.unknown_key_suggest", key=key, allowed=", ".join(allowed),
                             suggestion=close[0])
                else:
                    self.add(key_node, "checklist.unknown_key", key=key, allowed=", ".join(allowed))
                continue
            value = self.value(value_node, spec, where)
            if value is not None:
                out[key] = (value, value_node)
        for spec in fields:
            if spec.required and spec.name not in seen:
                self.add(node, "checklist.missing_key", key=spec.name, where=where)
        return out

    def value(self, node, spec: Field, where: str):
        if spec.kind in ("str", "text"):
            return self.string(node, spec, where)
        if spec.kind == "list_str":
            if not isinstance(node, yaml.SequenceNode):
                if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
                    return []
                self.add(node, "checklist.expected_list", key=spec.name, where=where)
                return None
            out = []
            for item in node.value:
                s = self.string(item, Field(spec.name, "str", pattern=spec.pattern, pattern_hint=spec.pattern_hint),
                                where)
                if s is not None:
                    out.append((s, item))
            return out
        if spec.kind == "list_map":
            if not isinstance(node, yaml.SequenceNode):
                self.add(node, "checklist.expected_list", key=spec.name, where=where)
                return None
            if spec.required and not node.value:
                self.add(node, "checklist.empty_list", key=spec.name, where=where)
                return None
            return node
        raise ValueError(spec.kind)  # pragma: no cover

    def string(self, node, spec: Field, where: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.add(node, "checklist.expected_text", key=spec.name, where=where)
            return None
        if node.tag in (INT, FLOAT) and spec.name == "version":
            self.add(node, "checklist.version_not_text", value=node.value)
            return None
        if node.tag == NULL:
            if spec.required:
                self.add(node, "checklist.empty_value", key=spec.name, where=where)
            return None if spec.required else ""
        if node.tag in (INT, FLOAT, BOOL, TIMESTAMP):
            self.add(node, "checklist.expected_text_got", key=spec.name, where=where, value=node.value)
            return None
        text = unicodedata.normalize("NFC", node.value).strip()
        if "\x00" in text:
            self.add(node, "checklist.control_char", key=spec.name)
            return None
        if spec.required and not text:
            self.add(node, "checklist.empty_value", key=spec.name, where=where)
            return None
        if len(text) > MAX_TEXT:
            self.add(node, "checklist.text_too_long", key=spec.name, max=MAX_TEXT, length=len(text))
            return None
        if spec.pattern and text and not re.fullmatch(spec.pattern, text):
            self.add(node, "checklist.bad_pattern", key=spec.name, value=text[:60], rule=spec.pattern_hint)
            return None
        return text
