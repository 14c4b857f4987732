"""PDF reports (the only place that imports ReportLab). Takes compiled domain
objects and writes a PDF; never queries a database."""

from .ciso_report import build_ciso_report
from .department_report import build_department_report
from .fonts import FontChoice, missing_glyphs, register_fonts

__all__ = ["FontChoice", "build_ciso_report", "build_department_report", "missing_glyphs", "register_fonts"]
