"""Readable by everyone: every colour pair of both themes meets WCAG 2.2 AA."""

from __future__ import annotations

import pytest

from natori_secaudit.gui.looks import PALETTES, contrast

TEXT = 4.5  # text and its background
CONTROL = 3.0  # borders of controls, focus, non-text parts


def test_the_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_text_colours_read_against_the_background(theme):
    _mode, c = PALETTES[theme]
    for role in ("fg", "primary", "secondary", "success", "info", "warning", "danger", "dark"):
        assert contrast(c[role], c["bg"]) >= TEXT, (theme, role, round(contrast(c[role], c["bg"]), 2))
    assert contrast(c["inputfg"], c["inputbg"]) >= TEXT
    assert contrast(c["selectfg"], c["selectbg"]) >= TEXT
    assert contrast(c["fg"], c["active"]) >= TEXT  # hovered controls keep readable text
    assert contrast(c["fg"], c["light"]) >= TEXT


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_controls_and_focus_stand_out(theme):
    _mode, c = PALETTES[theme]
    assert contrast(c["border"], c["bg"]) >= CONTROL
    assert contrast(c["primary"], c["bg"]) >= CONTROL  # outlines of the answer buttons, focus ring
    assert contrast(c["selectbg"], c["bg"]) >= CONTROL  # the chosen answer and the selected row


def test_the_high_contrast_theme_is_really_high_contrast():
    _mode, c = PALETTES["natori-contrast"]
    assert contrast(c["fg"], c["bg"]) >= 15 and contrast(c["primary"], c["bg"]) >= 12


def test_heat_map_numbers_read_on_every_band_and_the_cursor_shows_on_each():
    from natori_secaudit.gui.heatmap import CURSOR, FILLS, INKS

    for band, fill in FILLS.items():
        assert contrast(INKS[band], fill) >= TEXT, (band, round(contrast(INKS[band], fill), 2))
        assert max(contrast(edge, fill) for edge in CURSOR) >= CONTROL, band


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_list_rows_in_a_state_colour_read_in_every_theme(theme):
    from natori_secaudit.gui.looks import ROW_ROLES

    _mode, c = PALETTES[theme]
    for tag, role in ROW_ROLES.items():
        assert contrast(c[role], c["bg"]) >= TEXT, (theme, tag)
