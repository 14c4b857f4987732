"""Reading users' files: checklists and department lists (YAML), answer tables.

Every problem is located (PATH:LINE:COL) and explained in plain Japanese;
a file is loaded whole or not at all.
"""

from .checklist_file import load_checklist_bytes, load_checklist_file, parse_checklist
from .departments_file import load_departments_bytes, load_departments_file, parse_departments
from .files import file_kind, load_checklist_dir, read_limited, validate_path
from .problems import ChecklistFileError, Problem

__all__ = [
    "ChecklistFileError",
    "Problem",
    "file_kind",
    "load_checklist_bytes",
    "load_checklist_dir",
    "load_checklist_file",
    "load_departments_bytes",
    "load_departments_file",
    "parse_checklist",
    "parse_departments",
    "read_limited",
    "validate_path",
]
