"""Screens draw and raise events: the assessment screen built from domain objects, no database."""

from __future__ import annotations

import pytest

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.loading import load_checklist_file, load_departments_file
from natori_secaudit.services.department import AssessmentView
from tests.integration.conftest import SMALL

pytestmark = pytest.mark.gui


@pytest.fixture
def screen(make_root):
    from natori_secaudit.gui.assessment_view import AssessmentScreen

    checklist = load_checklist_file(SMALL / "small-checklist.yaml")
    department = load_departments_file(SMALL / "departments.yaml").department("doboku")
    view = AssessmentView(
        FiscalYear(2026),
        checklist,
        department,
        AssessmentState.IN_PROGRESS,
        checklist.applicable_items(department),
        {"A-1": Answer("A-1", AnswerStatus.IMPLEMENTED)},
    )
    saved: list[Answer] = []
    events: list[str] = []

    def save(answer: Answer) -> Answer:
        saved.append(answer)
        return answer

    actions = {k: (lambda k=k: events.append(k)) for k in ("submit", "report", "import", "lock")}
    actions |= {
        "save": save,
        "clear": lambda item_id: Answer(item_id),
        "year": lambda fy: events.append(str(fy)),
    }
    s = AssessmentScreen(make_root, view, department.name, actions)
    s.pack(fill="both", expand=True)
    pump_root(make_root)
    return s, saved, events


def pump_root(root):
    for _ in range(3):
        root.update()


@pytest.fixture
def make_root(blank_root):
    return blank_root


def test_the_screen_shows_domain_data_and_reports_answers_through_its_callback(screen):
    s, saved, events = screen
    assert "土木課" in s.title.cget("text")
    assert s.visible_ids() == ["A-1", "B-1", "B-3"]  # doboku: no personal data items
    assert "実施" in s.items.set("A-1", "status")
    s.select_item("B-3")
    s.panel.buttons[AnswerStatus.UNKNOWN].invoke()
    assert saved and saved[-1].item_id == "B-3" and saved[-1].status is AnswerStatus.UNKNOWN
    s.buttons["submit"].invoke()
    s.buttons["lock"].invoke()
    assert events == ["submit", "lock"]


def test_the_dashboard_draws_compiled_figures_and_asks_the_controller_for_another_year(make_root):
    from natori_secaudit.domain.assessment import ProgressNote
    from natori_secaudit.domain.compile import compile_year
    from natori_secaudit.gui.admin_screen import AdminScreen
    from tests.unit.factories import I, N, assessment, make_checklist, make_org, year

    org, checklist = make_org(), make_checklist()
    ids = [i.id for i in checklist.items]
    data = year(
        2026,
        checklist,
        org,
        {
            "doboku": assessment(org, "doboku", dict.fromkeys(ids, I)),
            "shimin": assessment(org, "shimin", dict.fromkeys(ids, N)),
        },
    )
    compiled = compile_year(data)
    asked: list = []
    actions = {
        k: (lambda *a, k=k: asked.append(k))
        for k in (
            "import_files",
            "import_folder",
            "open_answers",
            "send_back",
            "department_report",
            "ciso_report",
            "export",
            "lock",
            "reload",
        )
    }
    actions["year"] = lambda fy: asked.append(fy)
    fy, earlier = FiscalYear(2026), FiscalYear(2025)
    screen = AdminScreen(make_root, fy, [earlier, fy], actions)
    screen.pack(fill="both", expand=True)
    import datetime as dt

    from natori_secaudit.domain.dashboard import dashboard_rows

    progress = {"toshokan": ProgressNote(1, 3, dt.datetime(2026, 7, 1, tzinfo=dt.UTC))}
    screen.show(fy, [earlier, fy], compiled, dashboard_rows(compiled, progress))
    pump_root(make_root)
    rows = {
        screen.departments.item(i, "values")[0]: screen.departments.item(i, "values")
        for i in screen.departments.get_children()
    }
    assert set(rows) == {"市民課", "土木課", "図書館"}
    assert "回答中" in " ".join(rows["図書館"])  # from the progress note
    screen.year_choice.set(earlier.label_ja)
    screen._year_chosen()
    assert asked == [earlier]  # the controller decides what to show
