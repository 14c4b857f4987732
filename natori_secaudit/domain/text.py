"""Text typed or pasted by a department, made safe to keep, print and export.

Word and Excel paste control characters (a vertical tab for a line break, a form
feed for a page break, NUL from broken files) that break spreadsheets and PDF
layout. They are normalised once, where text enters the program: the answer
screen, the CSV/XLSX import and the submission import.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .answers import Answer

# Line breaks in all their spellings (CR LF, CR, VT, FF, NEL, LINE/PARAGRAPH SEPARATOR) become "\n".
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Every other C0/C1 control except TAB and LF (LF is kept; TAB becomes a space).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def clean_text(text: str | None) -> str:
    """``text`` with line breaks as "\\n", tabs as a space, other control characters removed."""
    if not text:
        return ""
    out = _BREAKS.sub("\n", str(text))
    # No Unicode normalisation: NFC would turn compatibility kanji in names (神 U+FA19) into others.
    return _CONTROLS.sub("", out).replace("\t", " ")


def clean_answer(answer: Answer) -> Answer:
    """The answer with its typed fields (comment, evidence, action) cleaned."""
    return replace(
        answer,
        comment=clean_text(answer.comment),
        evidence=clean_text(answer.evidence),
        action=clean_text(answer.action),
    )
