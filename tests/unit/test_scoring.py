"""The score formula on hand-computed examples, and its properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from natori_secaudit.domain.answers import AnswerStatus
from natori_secaudit.domain.checklist import Item, Severity
from natori_secaudit.domain.scoring import Score, round_half_up, score

from .factories import NA, H, I, L, M, N, P, U


def _item(n, sev):
    return Item(f"X-{n}", "?", sev, "S1")


def test_weighted_formula_by_hand():
    # high implemented 3*1, medium partial 2*0.5, low not implemented 1*0, high unknown 3*0
    pairs = [(_item(1, H), I), (_item(2, M), P), (_item(3, L), N), (_item(4, H), U)]
    s = score(pairs)
    assert (s.earned, s.possible) == (4.0, 9.0)
    assert s.percent == 44.4


def test_not_applicable_and_unanswered_are_left_out():
    base = [(_item(1, H), I), (_item(2, M), N)]
    with_na = base + [(_item(3, H), NA), (_item(4, L), None)]
    assert score(base) == score(with_na)
    assert score(with_na).percent == 60.0


def test_nothing_applicable_has_no_rate():
    s = score([(_item(1, H), NA)])
    assert s.rate is None and s.percent is None and s.format() == "—"


def test_half_up_rounding_as_people_expect():
    assert round_half_up(12.25) == 12.3
    assert round_half_up(0.05) == 0.1
    assert Score(1, 3).format() == "33.3"


statuses = st.sampled_from([*AnswerStatus, None])
severities = st.sampled_from(list(Severity))


@given(st.lists(st.tuples(severities, statuses), max_size=60))
def test_score_stays_within_0_and_100(rows):
    s = score([(_item(n, sev), status) for n, (sev, status) in enumerate(rows)])
    if s.percent is not None:
        assert 0.0 <= s.percent <= 100.0


@given(st.lists(st.tuples(severities, statuses), max_size=40), st.lists(severities, max_size=20))
def test_not_applicable_never_changes_a_score(rows, na_severities):
    pairs = [(_item(n, sev), status) for n, (sev, status) in enumerate(rows)]
    extra = [(_item(1000 + n, sev), NA) for n, sev in enumerate(na_severities)]
    assert score(pairs).percent == score(pairs + extra).percent


@given(st.lists(st.tuples(severities, statuses), min_size=1, max_size=40))
def test_all_implemented_is_100(rows):
    pairs = [(_item(n, sev), AnswerStatus.IMPLEMENTED) for n, (sev, _s) in enumerate(rows)]
    assert score(pairs).percent == 100.0


def test_unknown_scores_zero_like_not_implemented():
    assert score([(_item(1, H), U)]) == score([(_item(1, H), N)])


@pytest.mark.parametrize("text,status", [("partial", P), ("not_applicable", NA), (" Implemented ", I)])
def test_status_parse_accepts_codes(text, status):
    assert AnswerStatus.parse(text) is status


@pytest.mark.parametrize("text", ["たぶん", "一部実施"])
def test_status_parse_rejects_unknown_and_leaves_words_to_the_catalogue(text):
    with pytest.raises(ValueError):
        AnswerStatus.parse(text)
