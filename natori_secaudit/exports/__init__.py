"""Exports of a compiled year: CSV, an editable XLSX workbook, and OSCAL JSON."""

from .csv_export import export_csv
from .oscal_export import export_oscal
from .xlsx_export import export_xlsx

__all__ = ["export_csv", "export_oscal", "export_xlsx"]
