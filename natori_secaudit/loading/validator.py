"""Check a YAML node tree against a small declarative schema, collecting every problem.

Why hand-written rather than jsonschema: every message must be in plain
Japanese, name the key, say what to do, and point at the node's line and
column; the schema here is small (two file kinds, four kinds of mapping), so
a table of :class:`Field` and one walker is shorter than mapping jsonschema's
English errors back onto nodes. Strings are NFC-normalised and stripped here,
once, so the domain objects never see unnormalised text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .located_yaml import NULL, REPORTED, STR
from .problems import Problems, Ref, position

#: Longest text field, in characters after normalisation.
MAX_TEXT = 2000
# C0/C1 controls other than tab and line breaks, and lone surrogates (from "\ud800"
# escapes: they cannot be written as UTF-8, so the checklist could not be stored).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Field:
    """One allowed key of a mapping.

    kind: "text" (any text), "id" (text matching ``pattern``), "version" (text;
    a number is refused with advice to quote it), "choice" (one of ``choices``,
    else message ``invalid``), "list_str" (list of ids), "list_map" (list of mappings).
    """

    name: str
    kind: str
    required: bool = False
    pattern: str | None = None
    rule: str = ""  # catalogue key that describes the pattern in words
    choices: tuple[str, ...] = ()
    invalid: str = ""  # catalogue key for a value outside ``choices``


@dataclass
class Fields:
    """What a mapping held: ``values`` for valid fields, ``nodes`` for every present field."""

    node: Node
    values: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def ok(self, *names: str) -> bool:
        return all(n in self.values for n in names)


def peek(node: Node, key: str) -> str | None:
    """The plain text under ``key`` in a mapping node, if any (for labelling messages)."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key and isinstance(v, ScalarNode) and v.tag == STR:
                text = unicodedata.normalize("NFC", v.value).strip()
                if text and len(text) <= 60 and not _CONTROL.search(text):
                    return text
    return None


def where(node: Node, key: str, named: str, numbered: str, **numbered_params: Any) -> Ref:
    """How messages call a list element: by its ``key`` (項目「A-1」) if readable, else by number."""
    label = peek(node, key)
    return Ref.to(named, **{key: label}) if label else Ref.to(numbered, **numbered_params)


class Walker:
    """Validates mappings, strings and lists, adding a located problem for each fault."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def add(self, node: Any, key: str, /, **params: Any) -> None:
        self.problems.add(node, key, **params)

    # -- mappings -------------------------------------------------------------------------
    def mapping(self, node: Node, fields: list[Field], where: Ref) -> Fields | None:
        """The fields of a mapping node; None (after a problem) if it is not a mapping."""
        if node.tag == REPORTED:
            return None
        if not isinstance(node, MappingNode):
            self.add(node, "checklist.expected_mapping", where=where)
            return None
        spec = {f.name: f for f in fields}
        allowed = ", ".join(spec)
        out = Fields(node)
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = self._key_name(key_node, spec, allowed)
            if name is None:
                continue
            if name in first_seen:
                self.add(key_node, "checklist.duplicate_key", key=name, first=position(first_seen[name])[0])
                continue
            first_seen[name] = key_node
            if name not in spec:
                continue
            out.nodes[name] = value_node
            value = self.value(value_node, spec[name], where)
            if value is not None:
                out.values[name] = value
        for f in fields:
            if f.required and f.name not in first_seen:
                self.add(node, "checklist.missing_key", key=f.name, where=where)
        return out

    def _key_name(self, key_node: Node, spec: dict[str, Field], allowed: str) -> str | None:
        """The key's name (reporting an unknown one), or None for a key that is not text."""
        if key_node.tag == REPORTED:
            return None
        if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
            shown = key_node.value if isinstance(key_node, ScalarNode) else "…"
            self.add(key_node, "checklist.bad_key", key=str(shown)[:60])
            return None
        raw: str = key_node.value  # a ScalarNode tagged str holds text
        name = unicodedata.normalize("NFC", raw).strip()
        if name in spec:
            if name != raw:  # e.g. a full-width space typed before the key
                self.add(key_node, "checklist.key_has_space", key=name)
            return name
        # NFKC: "ｔｉｔｌｅ" typed with the IME in full-width mode still suggests "title".
        probe = unicodedata.normalize("NFKC", name).lower()
        close = difflib.get_close_matches(probe, list(spec), n=1, cutoff=0.6) if probe else []
        if close:
            self.add(
                key_node, "checklist.unknown_key_suggest", key=raw[:60], allowed=allowed, suggestion=close[0]
            )
        else:
            self.add(key_node, "checklist.unknown_key", key=raw[:60], allowed=allowed)
        return raw

    # -- values ---------------------------------------------------------------------------
    def value(self, node: Node, spec: Field, where: Ref) -> Any:
        """The checked value of one field, or None after reporting why it is unusable."""
        if node.tag == REPORTED:
            return None
        if spec.kind == "list_str":
            return self.string_list(node, spec)
        if spec.kind == "list_map":
            return self.node_list(node, spec)
        text = self.text(node, spec, where)
        if text is None or spec.kind != "choice" or text in spec.choices:
            return text
        if not text and not spec.required:
            return spec.choices[0]  # an empty optional choice means the default
        self.add(node, spec.invalid, value=text[:60])
        return None

    def text(self, node: Node, spec: Field, where: Ref) -> str | None:
        """A normalised string, "" for an absent optional value, or None after a problem."""
        key = spec.name
        if not isinstance(node, ScalarNode):
            self.add(node, "checklist.expected_text", key=key)
            return None
        if node.tag == NULL:
            if spec.required:
                self.add(node, "checklist.empty_value", key=key, where=where)
                return None
            return ""
        if node.tag != STR:
            shown = node.value[:60]
            if spec.kind == "version":
                self.add(node, "checklist.version_not_text", value=shown)
            else:
                self.add(node, "checklist.expected_text_got", key=key, value=shown)
            return None
        text = unicodedata.normalize("NFC", node.value).strip()
        bad = _CONTROL.search(text)
        if bad:
            self.add(node, "checklist.control_char", key=key, code=f"U+{ord(bad.group()):04X}")
            return None
        if not text:
            if spec.required:
                self.add(node, "checklist.empty_value", key=key, where=where)
                return None
            return ""
        if len(text) > MAX_TEXT:
            self.add(node, "checklist.text_too_long", key=key, length=len(text), max=MAX_TEXT)
            return None
        if spec.pattern and not re.fullmatch(spec.pattern, text):
            self.add(node, "checklist.bad_pattern", key=key, value=text[:60], rule=Ref.to(spec.rule))
            return None
        return text

    def string_list(self, node: Node, spec: Field) -> list[tuple[str, Node]] | None:
        """[(text, node)] of the valid elements of a list of ids ([] when empty or null)."""
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        if not isinstance(node, SequenceNode):
            self.add(node, "checklist.expected_list", key=spec.name)
            return None
        element = Field(spec.name, "id", required=True, pattern=spec.pattern, rule=spec.rule)
        out = []
        for item in node.value:
            if item.tag == REPORTED:
                continue
            text = self.text(item, element, Ref.to("checklist.where_list", key=spec.name))
            if text is not None:
                out.append((text, item))
        return out

    def node_list(self, node: Node, spec: Field) -> list[Node] | None:
        """The element nodes of a list of mappings; an empty or null required list is a problem."""
        if isinstance(node, ScalarNode) and node.tag == NULL:
            if spec.required:
                self.add(node, "checklist.empty_list", key=spec.name)
                return None
            return []
        if not isinstance(node, SequenceNode):
            self.add(node, "checklist.expected_list", key=spec.name)
            return None
        if spec.required and not node.value:
            self.add(node, "checklist.empty_list", key=spec.name)
            return None
        return list(node.value)


def check_unique(w: Walker, seen: dict[str, int], f: Fields, name: str, kind: str) -> None:
    """Record the value of field ``name``; if seen before, report it at its node, naming the first line.

    ``kind`` is the catalogue key of what is being counted ("項目の id" ...).
    """
    if name not in f.values:
        return
    value, node = f.values[name], f.nodes[name]
    if value in seen:
        w.add(node, "checklist.duplicate_id", kind=Ref.to(kind), value=value[:60], first=seen[value])
    else:
        seen[value] = position(node)[0]
