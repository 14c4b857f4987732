"""Fonts and themes: a Japanese UI font, four text sizes, a high-contrast theme."""

from __future__ import annotations

import tkinter.font as tkfont

FAMILIES = ("BIZ UDPGothic", "Yu Gothic UI", "Meiryo UI", "IPAexGothic", "Noto Sans CJK JP", "TakaoPGothic")
SIZES = (10, 12, 14, 17)          # 標準 / 大 / 特大 / 最大 (points)
THEMES = {"standard": "bootstrap-light", "contrast": "bootstrap-dark"}
NAMED = ("TkDefaultFont", "TkTextFont", "TkMenuFont", "TkHeadingFont", "TkCaptionFont", "TkFixedFont",
         "TkTooltipFont", "TkIconFont", "TkSmallCaptionFont")


def family(root) -> str:
    have = set(tkfont.families(root))
    return next((f for f in FAMILIES if f in have), "TkDefaultFont")


def apply_size(root, step: int) -> int:
    step = max(0, min(step, len(SIZES) - 1))
    size = SIZES[step]
    fam = family(root)
    for name in NAMED:
        try:
            f = tkfont.nametofont(name, root=root)
        except Exception:  # noqa: BLE001 - a platform without that named font
            continue
        f.configure(size=size, family=fam if name != "TkFixedFont" else f.actual("family"))
    root.option_add("*Font", "TkDefaultFont")
    try:  # list rows grow with the text so nothing is clipped at larger sizes
        from ttkbootstrap import Style

        Style().configure("Treeview", rowheight=int(size * 2.1))
    except Exception:  # noqa: BLE001 - before the style exists
        pass
    return step


def question_font(root, step: int) -> tuple[str, int, str]:
    return (family(root), SIZES[max(0, min(step, len(SIZES) - 1))] + 3, "bold")


def apply_theme(app, name: str) -> str:
    theme = THEMES.get(name, THEMES["standard"])
    app.style.theme_use(theme)
    return name if name in THEMES else "standard"


def first_column_takes_the_rest(tree) -> None:
    """Keep a Treeview's first column as wide as what the other columns leave: when the pane is narrower
    than the columns asked for, the text column gives way and the narrow status columns stay whole."""

    def fit(event) -> None:
        others = sum(int(tree.column(c, "width")) for c in tree["columns"])
        tree.column("#0", width=max(int(tree.column("#0", "minwidth")), event.width - others - 4))

    tree.bind("<Configure>", fit, add="+")
