"""Reading users' files: checklists and department lists (YAML), answer tables.

The IT division writes these files by hand, so every problem is located
(PATH:LINE:COL) and explained in plain Japanese (English on request), all
problems are reported in one run, and a file is loaded whole or not at all.
Whatever the bytes, the loaders raise nothing but :class:`ChecklistFileError`.
"""

from .checklist_file import load_checklist_bytes, load_checklist_file, parse_checklist
from .departments_file import (
    load_departments_bytes,
    load_departments_file,
    parse_departments,
    parse_departments_lineage,
)
from .files import (
    check_against_last_year,
    check_path,
    checklist_files,
    file_kind,
    load_checklist_dir,
    validate_path,
)
from .located_yaml import MAX_BYTES, read_limited
from .problems import ChecklistFileError, Problem

__all__ = [
    "MAX_BYTES",
    "ChecklistFileError",
    "Problem",
    "check_against_last_year",
    "check_path",
    "checklist_files",
    "file_kind",
    "load_checklist_bytes",
    "load_checklist_dir",
    "load_checklist_file",
    "load_departments_bytes",
    "load_departments_file",
    "parse_checklist",
    "parse_departments",
    "parse_departments_lineage",
    "read_limited",
    "validate_path",
]
