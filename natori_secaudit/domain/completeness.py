"""When is a final submission complete? One rule for the department (before it
may submit) and the IT division (before it accepts a final submission).

Every applicable item must be answered by a person (an answer carried over
from last year and not yet confirmed does not count), and each answer must
carry the details it asks for (:meth:`Answer.missing_details`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .answers import Answer
from .checklist import Item

#: What an incomplete item still needs, besides ``Answer.missing_details()`` names.
UNANSWERED = "answer"
UNCONFIRMED = "confirm"


def incomplete_items(
    items: Iterable[Item], answers: Mapping[str, Answer]
) -> list[tuple[Item, tuple[str, ...]]]:
    """The items (in the order given) that block a final submission, each with what it lacks:
    ``("answer",)``, ``("confirm",)`` or the missing details (``"comment"``, ``"action"``, ``"due"``)."""
    out: list[tuple[Item, tuple[str, ...]]] = []
    for item in items:
        ans = answers.get(item.id)
        if ans is None or ans.status is None:
            out.append((item, (UNANSWERED,)))
        elif ans.carried_over:
            out.append((item, (UNCONFIRMED,)))
        else:
            details = ans.missing_details()
            if details:
                out.append((item, details))
    return out
