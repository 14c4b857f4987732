"""Build step that puts the shipped files into the package (all metadata is in pyproject.toml).

The checklists and the department list stay at the repository's top level
(``checklists/``), where the IT division edits and validates them; the wheel
gets a copy in ``natori_secaudit/data/checklists/``, and the third-party
notices in ``natori_secaudit/data/NOTICE``. Copying at build time (rather than
a symbolic link, which Windows checkouts and sdists do not keep, or a second
copy in git, which drifts) means the wheel always carries exactly the files
the repository has at that commit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {
    "checklists": sorted(p.name for p in (ROOT / "checklists").glob("*.yaml")),
    ".": ["NOTICE"],
}


class BuildWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's own files (services/paths.py)
        target = Path(self.build_lib) / "natori_secaudit" / "data"
        for folder, names in SHIPPED.items():
            dest = target / folder if folder != "." else target
            dest.mkdir(parents=True, exist_ok=True)
            for name in names:
                shutil.copyfile(ROOT / folder / name, dest / name)


setup(cmdclass={"build_py": BuildWithShippedFiles})
