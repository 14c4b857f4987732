"""A plausible city's answers, deterministic for a seed.

Each department has a maturity; departments holding personal data are a
little better on high items but not perfect; a few items are weak
city-wide (restore tests, contractors' deletion certificates, USB control,
end-of-support PCs); わからない appears mostly on technical items; 該当なし only
where plausible, always with a reason; every 未実施/一部実施 has a comment, a
planned action and a due date within the fiscal year. With ``previous`` the
answers evolve: most stay, planned actions often get done, a few regress.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import replace

from ..domain.answers import Answer, AnswerStatus
from ..domain.assessment import AssessmentState, DepartmentAssessment, YearData
from ..domain.checklist import Checklist, Department, Item, Organization
from ..domain.fiscal_year import FiscalYear

I, P, N, U, NA = (AnswerStatus.IMPLEMENTED, AnswerStatus.PARTIAL, AnswerStatus.NOT_IMPLEMENTED,
                  AnswerStatus.UNKNOWN, AnswerStatus.NOT_APPLICABLE)

SURNAMES = ["佐藤", "髙橋", "鈴木", "渡辺", "伊藤", "山﨑", "阿部", "菅原", "佐々木", "千葉", "遠藤", "大友", "今野", "庄司",
            "三浦", "及川", "桜井", "斎藤", "熊谷", "小野寺"]
GIVEN = ["一郎", "美穂", "健太", "由美", "誠", "直子", "翔", "智子", "浩二", "恵", "大輔", "真理子", "拓也", "陽子"]

# Items that are weak city-wide in most municipalities (matched by words in the question).
WEAK_WORDS = ("復元", "消去証明", "USB", "サポート", "訓練", "再委託", "ログ", "棚卸", "演習", "持ち出し")
TECH_WORDS = ("ログ", "パッチ", "脆弱", "暗号", "ネットワーク", "無害化", "ファイアウォール", "アクセス権", "特権",
              "バックアップ", "クラウド", "設定", "サーバ", "通信", "ウイルス", "更新")
NA_WORDS = ("窓口", "委託", "クラウド", "システム", "サーバ", "郵送", "FAX", "ファクス", "SNS", "無線")

COMMENTS = {
    P: ["一部の係で実施できていない。", "手順はあるが記録が残っていない。", "年度途中の異動者への周知が遅れている。",
        "対象の一部（出先機関）で未確認。", "実施はしたが、全員の受講を確認できていない。"],
    N: ["担当者が決まっておらず未着手。", "手順書がなく実施できていない。", "業務繁忙期と重なり実施できなかった。",
        "必要性は認識しているが予算措置がない。", "委託先との調整が済んでいない。"],
    U: ["システムの設定内容を所属で把握していない。", "委託先任せで実施状況を確認できていない。",
        "前任者からの引継ぎがなく状況が不明。"],
}
ACTIONS = {
    P: ["全係で実施し、記録を残す。", "手順を見直して全員に再周知する。", "出先機関を含めて点検し直す。",
        "未受講者に受講を指示し、受講状況を確認する。"],
    N: ["担当者を指名し、手順書を作成して実施する。", "AIシステム推進課と相談して手順を定め、実施する。",
        "次年度予算に計上し、導入までは運用で補う。", "委託先と協議し、契約書に反映する。"],
}
NA_REASONS = ["所属に該当する業務・機器がないため。", "当該システムを所管していないため。", "窓口業務がないため。",
              "外部委託をしていないため。"]
EVIDENCE = ["研修受講記録（{m}月）", "点検記録簿", "手順書（{y}年改訂）", "管理台帳", "委託契約書 第12条", "作業報告書（{m}月）"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def _has(item: Item, words: tuple[str, ...]) -> bool:
    return any(w in item.question for w in words)


def _probabilities(item: Item, maturity: float, dept: Department) -> list[tuple[AnswerStatus, float]]:
    good = maturity
    if item.severity.value == "high" and dept.holds_personal_data:
        good += 0.08
    if item.severity.value == "low":
        good += 0.05
    if _has(item, WEAK_WORDS):
        good -= 0.28
    good = min(max(good, 0.08), 0.96)
    unknown = 0.10 if _has(item, TECH_WORDS) else 0.02
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


def _details(rng: random.Random, item: Item, status: AnswerStatus, fy: FiscalYear, who: str) -> Answer:
    if status is NA:
        return Answer(item.id, status, comment=rng.choice(NA_REASONS), answered_by=who)
    if status is I:
        evidence = ""
        if rng.random() < 0.35:
            evidence = rng.choice(EVIDENCE).format(m=rng.randint(4, 12), y=fy.start_year)
        return Answer(item.id, status, evidence=evidence, answered_by=who)
    comment = rng.choice(COMMENTS[status])
    if status is U:
        return Answer(item.id, status, comment=comment, answered_by=who)
    due = fy.start + _dt.timedelta(days=rng.randint(120, 360))
    return Answer(item.id, status, comment=comment, action=rng.choice(ACTIONS[status]), due=due, answered_by=who)


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
    per: dict[str, DepartmentAssessment] = {}
    for dept in organization.departments:
        d_rng = random.Random(f"{seed}-{fiscal_year.start_year}-{dept.code}")
        maturity = _maturity(random.Random(f"{seed}-{dept.code}"), dept)   # stable across years
        inspector = _name(random.Random(f"{seed}-{dept.code}-name"))
        prev = previous.assessments.get(dept.code) if previous else None
        answers: dict[str, Answer] = {}
        for item in checklist.applicable_items(dept):
            prev_answer = prev.answers.get(item.id) if prev else None
            if prev_answer is not None and prev_answer.status is not None:
                status = _evolve(d_rng, prev_answer.status)
                if status is prev_answer.status and status is not NA:
                    answers[item.id] = replace(_details(d_rng, item, status, fiscal_year, inspector),
                                               comment=prev_answer.comment if status is not I else "",
                                               action=prev_answer.action if status.needs_action else "")
                    if status.needs_action:
                        answers[item.id] = replace(answers[item.id],
                                                   due=fiscal_year.start + _dt.timedelta(days=d_rng.randint(120, 360)))
                    continue
                answers[item.id] = _details(d_rng, item, status, fiscal_year, inspector)
                continue
            if _has(item, NA_WORDS) and d_rng.random() < 0.10:
                status = NA
            else:
                status = _pick(d_rng, _probabilities(item, maturity, dept))
            answers[item.id] = _details(d_rng, item, status, fiscal_year, inspector)
        submitted = submitted_codes is None or dept.code in submitted_codes
        if submitted:
            state = AssessmentState.SUBMITTED
            day = fiscal_year.start + _dt.timedelta(days=d_rng.randint(60, 150))
            submitted_at = _dt.datetime(day.year, day.month, day.day, d_rng.randint(9, 17), d_rng.randint(0, 59),
                                        tzinfo=_dt.timezone(_dt.timedelta(hours=9)))
        else:
            # Not finished: some still answering (about half done), one not started.
            if rng.random() < 0.7:
                state = AssessmentState.IN_PROGRESS
                keep = sorted(answers)[: len(answers) // 2]
                answers = {k: answers[k] for k in keep}
            else:
                state, answers = AssessmentState.NOT_STARTED, {}
            submitted_at = None
        per[dept.code] = DepartmentAssessment(dept, state, answers, submitted_at, 1 if submitted else 0, inspector)
    return YearData(fiscal_year, checklist, organization, per)


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


def generate_years(checklist: Checklist, organization: Organization, first_year: int, n_years: int,
                   seed: int) -> list[YearData]:
    out: list[YearData] = []
    for k in range(n_years):
        out.append(generate_year(checklist, organization, FiscalYear(first_year + k), seed, out[-1] if out else None))
    return out


def synthetic_organization(n: int, base: Organization | None = None) -> Organization:
    """``n`` departments: the real ones first, then 部署001… with rotating tags (for benchmarks)."""
    real = list(base.departments) if base else []
    tags_cycle = [("personal_data",), (), ("personal_data", "my_number", "counter"), ("system_owner",), ()]
    out = real[:n]
    k = 1
    while len(out) < n:
        out.append(Department(f"dept{k:04d}", f"部署{k:04d}", "総合支所", tags_cycle[k % len(tags_cycle)]))
        k += 1
    return Organization(base.name if base else "ベンチマーク市", tuple(out))
