"""Fonts and themes: a Japanese UI font, four text sizes, a standard and a real high-contrast theme.

Both themes are the product's own colours, chosen for WCAG 2.2 AA: text 4.5:1
against its background, controls and borders 3:1 (``tests/unit/test_contrast.py``
computes every pair). The high-contrast theme is black with white text and yellow
controls, as Windows' own high-contrast themes are.
"""

from __future__ import annotations

import tkinter.font as tkfont

FAMILIES = ("BIZ UDPGothic", "Yu Gothic UI", "Meiryo UI", "IPAexGothic", "Noto Sans CJK JP", "TakaoPGothic")
SIZES = (10, 12, 14, 17)  # 標準 / 大 / 特大 / 最大 (points)
THEMES = {"standard": "natori-standard", "contrast": "natori-contrast"}
PALETTES: dict[str, tuple[str, dict[str, str]]] = {
    "natori-standard": (
        "light",
        {
            "primary": "#0a58ca",
            "secondary": "#495057",
            "success": "#146c43",
            "info": "#055160",
            "warning": "#7a4a00",
            "danger": "#b02a37",
            "light": "#f1f3f5",
            "dark": "#212529",
            "bg": "#ffffff",
            "fg": "#1b1f23",
            "selectbg": "#0a58ca",
            "selectfg": "#ffffff",
            "border": "#6c757d",
            "inputfg": "#1b1f23",
            "inputbg": "#ffffff",
            "active": "#e3e7eb",
        },
    ),
    "natori-contrast": (
        "dark",
        {
            "primary": "#ffd500",
            "secondary": "#ffffff",
            "success": "#5cff9d",
            "info": "#7ee8ff",
            "warning": "#ffc233",
            "danger": "#ff8a8a",
            "light": "#1a1a1a",
            "dark": "#ffffff",
            "bg": "#000000",
            "fg": "#ffffff",
            "selectbg": "#ffd500",
            "selectfg": "#000000",
            "border": "#ffffff",
            "inputfg": "#ffffff",
            "inputbg": "#000000",
            "active": "#333333",
        },
    ),
}


def register_themes(style) -> None:
    """Make the product's themes known to a ttkbootstrap Style (before the first theme_use)."""
    from ttkbootstrap.style.theme import ThemeDefinition

    for name, (mode, colors) in PALETTES.items():
        if name not in style.theme_names():
            style.register_theme(ThemeDefinition(name, colors, mode))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1..21)."""

    def luminance(hexcolor: str) -> float:
        channels = [int(hexcolor.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


NAMED = (
    "TkDefaultFont",
    "TkTextFont",
    "TkMenuFont",
    "TkHeadingFont",
    "TkCaptionFont",
    "TkFixedFont",
    "TkTooltipFont",
    "TkIconFont",
    "TkSmallCaptionFont",
)


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


def apply_theme(app, name: str) -> str:
    theme = THEMES.get(name, THEMES["standard"])
    register_themes(app.style)
    app.style.theme_use(theme)
    return name if name in THEMES else "standard"


#: Rows of a list drawn in a theme colour (never a fixed one: the high-contrast theme is dark).
ROW_ROLES = {"returned": "warning", "missing": "secondary", "overdue": "danger"}


def palette(widget) -> dict[str, str]:
    """The colours of the theme in use (the standard theme's when it is not one of ours)."""
    from ttkbootstrap import Style

    try:
        name = Style().theme_use()
    except Exception:  # noqa: BLE001 - no style yet
        name = THEMES["standard"]
    return PALETTES.get(name, PALETTES[THEMES["standard"]])[1]


def color_rows(tree) -> None:
    """Give a Treeview's state tags (returned, missing, overdue) the theme's colours, now and
    after every theme change."""

    def apply(_event=None) -> None:
        colors = palette(tree)
        for tag, role in ROW_ROLES.items():
            tree.tag_configure(tag, foreground=colors[role])

    apply()
    tree.bind("<<ThemeChanged>>", apply, add="+")


def item_list(
    parent, *, width: int, minwidth: int, status_width: int | None = None, severity_width: int | None = None
):
    """The list of checklist items (項目・回答・重要度), the same on the assessment screen and in the
    IT division's read-only answers window."""
    import ttkbootstrap as ttk

    from .unlock_view import t

    tree = ttk.Treeview(parent, columns=("status", "severity"), show="tree headings", selectmode="browse")
    tree.heading("#0", text=t("col_item"))
    tree.heading("status", text=t("col_status"))
    tree.heading("severity", text=t("col_severity"))
    tree.column("#0", width=width, minwidth=minwidth, stretch=True)
    tree.column("status", stretch=False, **({"width": status_width} if status_width else {}))
    tree.column(
        "severity", anchor="center", stretch=False, **({"width": severity_width} if severity_width else {})
    )
    return tree


def first_column_takes_the_rest(tree) -> None:
    """Keep a Treeview's first column as wide as what the other columns leave: when the pane is narrower
    than the columns asked for, the text column gives way and the narrow status columns stay whole."""

    def fit(event) -> None:
        others = sum(int(tree.column(c, "width")) for c in tree["columns"])
        tree.column("#0", width=max(int(tree.column("#0", "minwidth")), event.width - others - 4))

    tree.bind("<Configure>", fit, add="+")
