"""YAML rows: the message catalogue, the located parse of the shipped checklist, and validating a
2,000-item checklist, each against libyaml (``yaml.CSafeLoader``) reading the same text in the same run,
interleaved (benchmarks/interleave.py). Returns table rows for benchmarks/run_all.py.

    .venv/bin/python benchmarks/yaml_bench.py [--quick]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.interleave import interleave, timed  # noqa: E402

SHIPPED = ROOT / "checklists" / "natori-standard.yaml"


class _NoAliases(yaml.SafeDumper):
    """Writes repeated lists out in full: the loader refuses anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def checklist_text_of(n_items: int) -> str:
    """A valid checklist file of ``n_items`` items: the shipped one's items repeated with new ids."""
    src = yaml.load(SHIPPED.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    sections = src["sections"]
    per = n_items // len(sections)
    out = []
    for index, section in enumerate(sections):
        count = per if index < len(sections) - 1 else n_items - per * (len(sections) - 1)
        items = []
        for k in range(count):
            item = dict(section["items"][k % len(section["items"])])
            item["id"] = f"{item['id']}-{k // len(section['items']) + 1}"
            item.pop("replaces", None)  # only meaningful against a previous version
            items.append(item)
        out.append(dict(section, items=items))
    doc = dict(src, version=f"bench-{n_items}", sections=out)
    return yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)


def _c_load(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def catalogue_row(runs: int) -> list[str]:
    from natori_secaudit import i18n

    files = sorted((Path(i18n.__file__).parent / "ja").glob("*.yaml"))

    def product() -> None:
        i18n._catalogues.clear()
        i18n._load("ja")

    def baseline() -> None:
        for path in files:
            _c_load(path)

    pairs = interleave(timed(product), timed(baseline), runs)
    return [
        "message catalogue (ja), loaded at start",
        f"{len(files)} files",
        f"{pairs.median_a() * 1000:.1f} ms",
        "< 20 ms",
        f"CSafeLoader, same files {pairs.median_b() * 1000:.1f} ms",
        pairs.ratio_text(),
    ]


def parse_row(runs: int) -> list[str]:
    """The located parse (node tree with positions) of the shipped checklist."""
    from natori_secaudit.loading.located_yaml import compose

    data = SHIPPED.read_bytes()
    pairs = interleave(timed(lambda: compose(data, str(SHIPPED))), timed(lambda: _c_load(SHIPPED)), runs)
    return [
        "located YAML parse: shipped checklist",
        f"{len(data) // 1024} KB",
        f"{pairs.median_a() * 1000:.1f} ms",
        "≤ 2× CSafeLoader",
        f"CSafeLoader {pairs.median_b() * 1000:.1f} ms",
        pairs.ratio_text(),
    ]


def validate_rows(runs: int, n_items: int = 2000) -> list[list[str]]:
    """Parse-with-positions and full validation of an ``n_items`` checklist file, against CSafeLoader."""
    from natori_secaudit.loading import validate_path
    from natori_secaudit.loading.located_yaml import compose

    path = Path(tempfile.mkdtemp(prefix="natori-bench-yaml-")) / f"checklist-{n_items}.yaml"
    path.write_text(checklist_text_of(n_items), encoding="utf-8")
    kind, problems = validate_path(path)
    if problems or kind != "checklist":
        raise SystemExit(f"the generated checklist is not valid: {problems[:3]}")
    size = f"{n_items} items, {path.stat().st_size / 2**20:.1f} MB"
    parse = interleave(
        timed(lambda: compose(path.read_bytes(), str(path))), timed(lambda: _c_load(path)), runs
    )
    check = interleave(timed(lambda: validate_path(path)), timed(lambda: _c_load(path)), runs)
    return [
        [
            "located YAML parse: generated checklist",
            size,
            f"{parse.median_a() * 1000:.0f} ms",
            "≤ 2× CSafeLoader",
            f"CSafeLoader {parse.median_b() * 1000:.0f} ms",
            parse.ratio_text(),
        ],
        [
            "validate a checklist (validate_path)",
            size,
            f"{check.median_a() * 1000:.0f} ms",
            "≤ 2× CSafeLoader",
            f"CSafeLoader {check.median_b() * 1000:.0f} ms",
            check.ratio_text(),
        ],
    ]


def run(quick: bool = False) -> list[list[str]]:
    runs = 5 if quick else 15
    return [catalogue_row(runs * 2), parse_row(runs * 2), *validate_rows(runs)]


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        print(" | ".join(r))
