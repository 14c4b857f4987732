"""English means English: every enum member the GUI and reports show has a catalogue label in both languages."""

from __future__ import annotations

import importlib

import pytest

from natori_secaudit import i18n
from natori_secaudit.i18n import labels


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("group", sorted(labels.GROUPS))
def test_every_member_has_a_label(group, lang):
    module, name = labels.GROUPS[group].split(":")
    enum = getattr(importlib.import_module(module), name)
    for member in enum:
        assert i18n.has(f"labels.{group}.{member.value}", lang), (group, member, lang)
        assert labels.label(member, lang)


def test_english_labels_are_english_and_japanese_ones_japanese():
    from natori_secaudit.domain.answers import AnswerStatus

    assert labels.status(AnswerStatus.PARTIAL, "en") == "Partly"
    assert labels.status(AnswerStatus.PARTIAL, "ja") == "一部実施"
    assert labels.status(None, "ja") == "未回答" and labels.status(None, "en") == "Unanswered"


def test_a_missing_label_fails_loudly(monkeypatch):
    """Deleting a key from the catalogue makes the label call fail (and the test above name it)."""
    from natori_secaudit.domain.answers import AnswerStatus

    cat = dict(i18n._load("ja"))
    del cat["labels.status.partial"]
    monkeypatch.setitem(i18n._catalogues, "ja", cat)
    with pytest.raises(KeyError):
        labels.label(AnswerStatus.PARTIAL, "ja")


def test_the_heat_map_bands_are_one_rule_on_screen_and_on_paper():
    """The floors live in the domain, the words in the catalogue; the report's table is built from both."""
    from natori_secaudit.domain.dashboard import BAND_FLOORS
    from natori_secaudit.reporting.styles import bands

    i18n.set_language("ja")
    table = bands()
    assert tuple(b[0] for b in table[:-1]) == BAND_FLOORS and table[-1][0] == 0.0
    assert (
        [b[3] for b in table]
        == [labels.band(n) for n in (4, 3, 2, 1)]
        == ["90以上", "75〜89.9", "60〜74.9", "60未満"]
    )
    assert labels.band(1, "en") == "under 60"


@pytest.mark.parametrize(
    "text,code",
    [
        ("一部実施", "partial"),
        ("該当なし", "not_applicable"),
        (" 実施 ", "implemented"),
        ("Partly", "partial"),
        ("not implemented", "not_implemented"),
        ("unknown", "unknown"),
    ],
)
def test_an_answers_file_may_name_the_answer_by_its_word_in_either_language(text, code):
    """The 回答 column of an imported answers file takes the catalogue's words (the template's
    choice list) or the codes; the domain itself knows codes only."""
    from natori_secaudit.loading.answers_table import parse_status

    assert parse_status(text).value == code
