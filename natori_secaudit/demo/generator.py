"""A plausible city's answers, deterministic for a seed.

Each department has a maturity; departments holding personal data are a
little better on high items but not perfect; a few items are weak
city-wide (restore tests, contractors' deletion certificates, USB control,
end-of-support PCs); わからない appears mostly on technical items; 該当なし only
where plausible, always with a reason; every 未実施/一部実施 has a comment, a
planned action that fits the item (its recommendation) and a due date after
the day of submission, within the fiscal year. With ``previous`` the answers
evolve: most stay, planned actions often get done, a few regress. When the
checklist was revised in between, an item follows the items it ``replaces``
(the weakest of them, as carry-over does) and a new item starts weaker, as a
new requirement does in its first year.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import replace

from ..domain.answers import Answer, AnswerStatus
from ..domain.assessment import AssessmentState, DepartmentAssessment, YearData
from ..domain.carry_over import carry_over_answers
from ..domain.checklist import Checklist, Department, Item, Organization, Severity
from ..domain.fiscal_year import FiscalYear
from ..domain.lineage import ItemMapping, map_items

I, P, N, U, NA = (  # noqa: E741 - the answers' initials, as in the scoring notes
    AnswerStatus.IMPLEMENTED,
    AnswerStatus.PARTIAL,
    AnswerStatus.NOT_IMPLEMENTED,
    AnswerStatus.UNKNOWN,
    AnswerStatus.NOT_APPLICABLE,
)

SURNAMES = [
    "佐藤",
    "髙橋",
    "鈴木",
    "渡辺",
    "伊藤",
    "山﨑",
    "阿部",
    "菅原",
    "佐々木",
    "千葉",
    "遠藤",
    "大友",
    "今野",
    "庄司",
    "三浦",
    "及川",
    "桜井",
    "斎藤",
    "熊谷",
    "小野寺",
]
GIVEN = [
    "一郎",
    "美穂",
    "健太",
    "由美",
    "誠",
    "直子",
    "翔",
    "智子",
    "浩二",
    "恵",
    "大輔",
    "真理子",
    "拓也",
    "陽子",
]

# Items that are weak city-wide in most municipalities (matched by words in the question).
WEAK_WORDS = ("復元", "消去証明", "USB", "サポート", "訓練", "再委託", "ログ", "棚卸", "演習", "持ち出し")
TECH_WORDS = (
    "ログ",
    "パッチ",
    "脆弱",
    "暗号",
    "ネットワーク",
    "無害化",
    "ファイアウォール",
    "アクセス権",
    "特権",
    "バックアップ",
    "クラウド",
    "設定",
    "サーバ",
    "通信",
    "ウイルス",
    "更新",
)
NA_WORDS = (
    "窓口",
    "委託",
    "クラウド",
    "システム",
    "サーバ",
    "郵送",
    "FAX",
    "ファクス",
    "SNS",
    "無線",
    "画面転送",
    "生成AI",
)

COMMENTS = {
    P: [
        "一部の係で実施できていない。",
        "手順はあるが記録が残っていない。",
        "年度途中の異動者への周知が遅れている。",
        "対象の一部（出先機関）で未確認。",
        "実施はしたが、全員の受講を確認できていない。",
    ],
    N: [
        "担当者が決まっておらず未着手。",
        "手順書がなく実施できていない。",
        "業務繁忙期と重なり実施できなかった。",
        "必要性は認識しているが予算措置がない。",
        "委託先との調整が済んでいない。",
    ],
    U: [
        "システムの設定内容を所属で把握していない。",
        "委託先任せで実施状況を確認できていない。",
        "前任者からの引継ぎがなく状況が不明。",
    ],
}
ACTIONS = {
    P: [
        "全係で実施し、記録を残す。",
        "手順を見直して全員に再周知する。",
        "出先機関を含めて点検し直す。",
        "未受講者に受講を指示し、受講状況を確認する。",
    ],
    N: [
        "担当者を指名し、手順書を作成して実施する。",
        "AIシステム推進課と相談して手順を定め、実施する。",
        "次年度予算に計上し、導入までは運用で補う。",
        "委託先と協議し、契約書に反映する。",
    ],
}
NA_REASONS = [
    "所属に該当する業務・機器がないため。",
    "当該システムを所管していないため。",
    "窓口業務がないため。",
    "外部委託をしていないため。",
]
# A reason that fits the item, when its question names the thing the department does not use.
NA_REASON_FOR = (
    ("画面転送", "画面転送を導入していないため。"),
    ("無線", "無線LANを使っていないため。"),
    ("生成AI", "所属では生成AIを業務に使っていないため。"),
    ("委託", "外部委託をしていないため。"),
    ("窓口", "窓口業務がないため。"),
)
# Comments for an item new in this version ("new") or changed by the revision ("revised").
REVISION_COMMENTS = {
    ("new", P): [
        "新しく加わった項目で、できている係とまだの係がある。",
        "始めたところで、記録がまだそろっていない。",
    ],
    ("new", N): [
        "点検票の改訂で新しく加わった項目で、所属の手順がまだない。",
        "新しい項目のため、AIシステム推進課の案内を待って手順を決める予定。",
    ],
    ("revised", P): ["点検票の改訂で内容が変わり、新しい内容に合わせた手順が一部の係にとどまっている。"],
    ("revised", N): ["改訂で求められる内容が増え、前年度の手順では足りなくなった。"],
}
# Said after the item's own recommendation, so the plan is the item's and who follows it up is clear.
FOLLOW_UPS = [
    "",
    "",
    "進み具合は四半期ごとに所属長が確かめる。",
    "AIシステム推進課と相談しながら進める。",
    "係長会議で分担を決めて進める。",
]
EVIDENCE = [
    "研修受講記録（{m}月）",
    "点検記録簿",
    "手順書（{y}年改訂）",
    "管理台帳",
    "委託契約書 第12条",
    "作業報告書（{m}月）",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def _has(item: Item, words: tuple[str, ...]) -> bool:
    return any(w in item.question for w in words)


def _probabilities(
    item: Item, maturity: float, dept: Department, new: bool = False
) -> list[tuple[AnswerStatus, float]]:
    good = maturity - (0.15 if new else 0.0)  # a new requirement is less often in place in its first year
    if item.severity is Severity.HIGH and dept.holds_personal_data:
        good += 0.08
    if item.severity.value == "low":
        good += 0.05
    if _has(item, WEAK_WORDS):
        good -= 0.28
    good = min(max(good, 0.08), 0.96)
    unknown = (0.10 if _has(item, TECH_WORDS) else 0.02) + (0.03 if new else 0.0)
    rest = max(1.0 - good - unknown, 0.0)
    return [(I, good), (P, rest * 0.55), (N, rest * 0.45), (U, unknown)]


def _pick(rng: random.Random, weights: list[tuple[AnswerStatus, float]]) -> AnswerStatus:
    total = sum(w for _s, w in weights)
    x = rng.random() * total
    for status, w in weights:
        x -= w
        if x <= 0:
            return status
    return weights[-1][0]


def _plan(rng: random.Random, item: Item, status: AnswerStatus) -> str:
    """The item's own recommendation (its first sentence), else a general plan."""
    first = item.recommendation.split("。")[0].strip() if item.recommendation else ""
    if not first:
        return rng.choice(ACTIONS[status])
    return f"{first}。{rng.choice(FOLLOW_UPS)}"


def _due(rng: random.Random, fy: FiscalYear, submitted: _dt.date) -> _dt.date:
    """A due date after the day of submission, within the year (a plan overdue when sent is not a plan)."""
    start = max(submitted, fy.start) + _dt.timedelta(days=30)
    last = max(fy.end, start)
    return start + _dt.timedelta(days=rng.randint(0, (last - start).days))


def _na_reason(rng: random.Random, item: Item) -> str:
    return next((reason for word, reason in NA_REASON_FOR if word in item.question), rng.choice(NA_REASONS))


def _details(
    rng: random.Random,
    item: Item,
    status: AnswerStatus,
    fy: FiscalYear,
    who: str,
    submitted: _dt.date,
    revision: str = "",
) -> Answer:
    if status is NA:
        return Answer(item.id, status, comment=_na_reason(rng, item), answered_by=who)
    if status is I:
        evidence = ""
        if rng.random() < 0.35:
            evidence = rng.choice(EVIDENCE).format(m=rng.randint(4, 12), y=fy.start_year)
        return Answer(item.id, status, evidence=evidence, answered_by=who)
    comment = rng.choice(REVISION_COMMENTS.get((revision, status), COMMENTS[status]))
    if status is U:
        return Answer(item.id, status, comment=comment, answered_by=who)
    return Answer(
        item.id,
        status,
        comment=comment,
        action=_plan(rng, item, status),
        due=_due(rng, fy, submitted),
        answered_by=who,
    )


def _maturity(rng: random.Random, dept: Department) -> float:
    base = rng.uniform(0.50, 0.85)
    if "system_owner" in dept.tags:
        base += 0.05
    return base


def generate_year(
    checklist: Checklist,
    organization: Organization,
    fiscal_year: FiscalYear,
    seed: int,
    previous: YearData | None = None,
    submitted_codes: set[str] | None = None,
) -> YearData:
    rng = random.Random(f"{seed}-{fiscal_year.start_year}")
    mapping = map_items(previous.checklist, checklist) if previous is not None else None
    per: dict[str, DepartmentAssessment] = {}
    for dept in organization.departments:
        d_rng = random.Random(f"{seed}-{fiscal_year.start_year}-{dept.code}")
        maturity = _maturity(random.Random(f"{seed}-{dept.code}"), dept)  # stable across years
        inspector = _name(random.Random(f"{seed}-{dept.code}-name"))
        day_rng = random.Random(f"{seed}-{fiscal_year.start_year}-{dept.code}-day")
        day = fiscal_year.start + _dt.timedelta(days=day_rng.randint(60, 150))
        prev = previous.assessments.get(dept.code) if previous else None
        answers: dict[str, Answer] = {}
        for item in checklist.applicable_items(dept):
            answers[item.id] = _answer(
                d_rng,
                item,
                dept,
                maturity,
                fiscal_year,
                inspector,
                day,
                _previous_answer(previous, prev, mapping, item),
                mapping,
            )
        submitted = submitted_codes is None or dept.code in submitted_codes
        if submitted:
            state = AssessmentState.SUBMITTED
            submitted_at = _dt.datetime(
                day.year,
                day.month,
                day.day,
                day_rng.randint(9, 17),
                day_rng.randint(0, 59),
                tzinfo=_dt.timezone(_dt.timedelta(hours=9)),
            )
        else:
            # Not finished: some still answering (about half done), one not started.
            if rng.random() < 0.7:
                state = AssessmentState.IN_PROGRESS
                keep = sorted(answers)[: len(answers) // 2]
                answers = {k: answers[k] for k in keep}
            else:
                state, answers = AssessmentState.NOT_STARTED, {}
            submitted_at = None
        per[dept.code] = DepartmentAssessment(
            dept, state, answers, submitted_at, 1 if submitted else 0, inspector
        )
    return YearData(fiscal_year, checklist, organization, per)


def _previous_answer(
    previous: YearData | None, prev: DepartmentAssessment | None, mapping: ItemMapping | None, item: Item
) -> Answer | None:
    """Last year's answer this item continues: same id, or the weakest of the items it replaces."""
    if previous is None or prev is None or mapping is None:
        return None
    carried, _nothing = carry_over_answers(previous.checklist, prev.answers, [item], mapping)
    return carried[0] if carried and carried[0].status is not None else None


def _answer(
    rng: random.Random,
    item: Item,
    dept: Department,
    maturity: float,
    fy: FiscalYear,
    who: str,
    day: _dt.date,
    prev_answer: Answer | None,
    mapping: ItemMapping | None,
) -> Answer:
    new = mapping is not None and not mapping.comparable(item.id)
    if prev_answer is not None and prev_answer.status is not None:
        status = _evolve(rng, prev_answer.status)
        same_item = mapping is not None and mapping.counterparts(item.id) == (item.id,)
        fresh = _details(rng, item, status, fy, who, day, revision="" if same_item else "revised")
        if same_item and status is prev_answer.status and status is not NA:
            # The same answer as last year: its words stay, its due date moves into this year.
            return replace(
                fresh,
                comment=prev_answer.comment if status is not I else "",
                action=prev_answer.action if status.needs_action else "",
            )
        return fresh
    if _has(item, NA_WORDS) and rng.random() < 0.10:
        status = NA
    else:
        status = _pick(rng, _probabilities(item, maturity, dept, new=new))
    return _details(rng, item, status, fy, who, day, revision="new" if new else "")


def _evolve(rng: random.Random, status: AnswerStatus) -> AnswerStatus:
    x = rng.random()
    if status in (N, P):
        if x < 0.45:
            return I if status is P or x < 0.25 else P
        return status
    if status is U:
        return rng.choice([I, P, N, U])
    if status is I and x < 0.05:
        return P
    return status


def synthetic_organization(n: int, base: Organization | None = None) -> Organization:
    """``n`` departments: the real ones first, then 所属0001… with rotating tags (for benchmarks)."""
    real = list(base.departments) if base else []
    tags_cycle = [("personal_data",), (), ("personal_data", "my_number", "counter"), ("system_owner",), ()]
    out = real[:n]
    k = 1
    while len(out) < n:
        out.append(Department(f"dept{k:04d}", f"所属{k:04d}", "総合支所", tags_cycle[k % len(tags_cycle)]))
        k += 1
    return Organization(base.name if base else "ベンチマーク市", tuple(out))
