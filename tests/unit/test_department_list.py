"""Editing a year's department list: each operation (domain/department_list.py) and the lineage it
leaves, checked against what the loader and the year-over-year mapping make of it."""

from __future__ import annotations

import pytest

from natori_secaudit.domain import department_list as ops
from natori_secaudit.domain.checklist import Department, Organization
from natori_secaudit.domain.lineage import map_departments
from natori_secaudit.loading import load_departments_bytes
from natori_secaudit.loading.departments_writer import dump_departments

LAST = Organization(
    "名取市",
    (
        Department("doboku", "土木課", "建設部", ("outsourcing",), (), "土木課長"),
        Department("kouen", "公園課", "建設部", ("counter",)),
        Department("ryokuchi", "緑地課", "建設部", ("outsourcing", "personal_data")),
        Department("kaikei", "会計課", "会計管理者"),
        Department("shimin", "市民課", "市民生活部", ("personal_data", "my_number"), (), "市民課長"),
    ),
    it_division="統括情報セキュリティ責任者",
)
CODES = {d.code for d in LAST.departments}


def reload(org: Organization, previous: Organization | None = LAST) -> Organization:
    """What the loader makes of the list written (checked against last year's list)."""
    return load_departments_bytes(dump_departments(org), "departments.yaml", previous)


def codes(org: Organization) -> list[str]:
    return [d.code for d in org.departments]


def test_add_puts_a_new_department_without_lineage_at_the_end():
    org = ops.add(LAST, "kikaku", "企画課", division="企画部", tags=["outsourcing"], head="企画課長")
    assert codes(org)[-1] == "kikaku"
    assert org.department("kikaku") == Department(
        "kikaku", "企画課", "企画部", ("outsourcing",), (), "企画課長"
    )
    assert reload(org) == org
    assert codes(LAST) == ["doboku", "kouen", "ryokuchi", "kaikei", "shimin"]  # the old list is untouched


def test_rename_to_a_new_code_points_formerly_at_the_old_code_in_the_same_place():
    org = ops.rename(LAST, "doboku", "doro", "道路課", CODES)
    assert codes(org) == ["doro", "kouen", "ryokuchi", "kaikei", "shimin"]
    doro = org.department("doro")
    assert (doro.name, doro.formerly, doro.tags, doro.head) == (
        "道路課",
        ("doboku",),
        ("outsourcing",),
        "土木課長",
    )
    assert map_departments(LAST, reload(org)).predecessors("doro") == ("doboku",)


def test_rename_keeping_the_code_changes_only_the_name():
    org = ops.rename(LAST, "shimin", "shimin", "市民窓口課", CODES)
    assert org.department("shimin") == Department(
        "shimin", "市民窓口課", "市民生活部", ("personal_data", "my_number"), (), "市民課長"
    )


def test_renaming_twice_keeps_pointing_at_last_years_code():
    org = ops.rename(
        ops.rename(LAST, "doboku", "doro", "道路課", CODES), "doro", "doro-kouen", "道路公園課", CODES
    )
    assert org.department("doro-kouen").formerly == ("doboku",)
    assert reload(org).department("doro-kouen").formerly == ("doboku",)


def test_renaming_back_to_last_years_code_needs_no_formerly():
    org = ops.rename(ops.rename(LAST, "doboku", "doro", "道路課", CODES), "doro", "doboku", "土木課", CODES)
    assert org.department("doboku").formerly == ()


def test_renaming_a_department_new_this_year_gives_it_no_lineage_the_loader_would_refuse():
    org = ops.rename(ops.add(LAST, "kikaku", "企画課"), "kikaku", "kikaku-seisaku", "企画政策課", CODES)
    assert org.department("kikaku-seisaku").formerly == ()
    assert reload(org).has("kikaku-seisaku")


def test_merge_lists_every_merged_code_in_formerly_with_the_union_of_tags():
    org = ops.merge(LAST, ["kouen", "ryokuchi"], "midori", "みどり公園課", CODES, head="みどり公園課長")
    assert codes(org) == ["doboku", "midori", "kaikei", "shimin"]
    midori = org.department("midori")
    assert midori.formerly == ("kouen", "ryokuchi")
    assert midori.tags == ("counter", "outsourcing", "personal_data")
    assert (midori.division, midori.head) == ("建設部", "みどり公園課長")
    assert map_departments(LAST, reload(org)).predecessors("midori") == ("kouen", "ryokuchi")


def test_merge_into_one_of_the_old_codes_names_only_the_others():
    org = ops.merge(LAST, ["doboku", "kouen"], "doboku", "土木公園課", CODES)
    assert org.department("doboku").formerly == ("kouen",)
    assert reload(org).department("doboku").formerly == ("kouen",)


def test_merge_of_a_renamed_department_carries_its_lineage():
    renamed = ops.rename(LAST, "kouen", "park", "パーク課", CODES)
    org = ops.merge(renamed, ["park", "ryokuchi"], "midori", "みどり課", CODES)
    assert org.department("midori").formerly == ("kouen", "ryokuchi")


def test_split_gives_each_part_the_old_code_in_formerly():
    org = ops.split(LAST, "doboku", [("doro", "道路課"), ("kasen", "河川課")], CODES)
    assert codes(org) == ["doro", "kasen", "kouen", "ryokuchi", "kaikei", "shimin"]
    for code in ("doro", "kasen"):
        part = org.department(code)
        assert (part.formerly, part.tags, part.division, part.head) == (
            ("doboku",),
            ("outsourcing",),
            "建設部",
            "",
        )
    lineage = map_departments(LAST, reload(org))
    assert lineage.successors("doboku") == ("doro", "kasen")


def test_split_where_one_part_keeps_the_old_code():
    org = ops.split(LAST, "doboku", [("doboku", "土木課"), ("kasen", "河川課")], CODES)
    assert org.department("doboku").formerly == () and org.department("doboku").head == "土木課長"
    assert org.department("kasen").formerly == ("doboku",)
    assert reload(org) == org


def test_retire_removes_the_department_and_the_loader_notes_that_nobody_continues_it():
    from natori_secaudit.loading import parse_departments_lineage

    org = ops.retire(LAST, "kaikei")
    assert codes(org) == ["doboku", "kouen", "ryokuchi", "shimin"]
    loaded, problems, warnings = parse_departments_lineage(dump_departments(org), "departments.yaml", LAST)
    assert problems == [] and loaded == org
    assert ["kaikei" in w.format() and "会計課" in w.format() for w in warnings] == [True]


def test_edit_changes_tags_head_and_division_only():
    org = ops.edit(LAST, "kaikei", tags=["personal_data", "system_owner"], head="会計管理者 佐藤")
    assert org.department("kaikei") == Department(
        "kaikei", "会計課", "会計管理者", ("personal_data", "system_owner"), (), "会計管理者 佐藤"
    )
    assert ops.edit(org, "kaikei", tags=[]).department("kaikei").tags == ()
    assert reload(ops.edit(org, "kaikei", tags=[])).department("kaikei").tags == ()


def test_operations_on_an_unknown_code_raise_key_error():
    for call in (
        lambda: ops.rename(LAST, "nope", "x", "X"),
        lambda: ops.retire(LAST, "nope"),
        lambda: ops.split(LAST, "nope", [("a", "A"), ("b", "B")]),
        lambda: ops.merge(LAST, ["nope", "kaikei"], "x", "X"),
        lambda: ops.edit(LAST, "nope", head="x"),
    ):
        with pytest.raises(KeyError):
            call()


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("personal_data, my_number", ("personal_data", "my_number")),
        ("personal_data、my_number　counter", ("personal_data", "my_number", "counter")),
        ("counter counter", ("counter",)),
        ("", ()),
    ],
)
def test_tags_as_typed(text, tags):
    assert ops.parse_tags(text) == tags


def test_without_last_years_list_every_code_of_the_list_counts_as_last_years():
    assert ops.rename(LAST, "kaikei", "suitou", "出納課").department("suitou").formerly == ("kaikei",)
