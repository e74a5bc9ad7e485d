"""Findings of the checks, and the reports made of them (console, JSON, JUnit XML)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

ERROR = "error"
WARNING = "warning"
# Beyond this many warnings of one rule, the console report shows a count (the JSON has all).
WARNINGS_SHOWN = 5


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, what is wrong, and how to fix it."""

    rule: str
    file: str
    line: int | None
    message: str
    fix: str
    severity: str = ERROR

    def sort_key(self) -> tuple[str, str, int, str]:
        """Report order: by rule, file, line (unknown lines first), message."""
        return (self.rule, self.file, self.line or 0, self.message)

    def location(self) -> str:
        """file:line, or file alone when the line is unknown."""
        return f"{self.file}:{self.line}" if self.line else self.file


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """Only the findings that fail a check."""
    return [f for f in findings if f.severity == ERROR]


def format_text(findings: list[Finding], title: str) -> str:
    """A report a person can act on: grouped by rule, then by file."""
    if not findings:
        return f"{title}: no problems found."
    lines = []
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=Finding.sort_key):
        by_rule[f.rule].append(f)
    for rule, items in by_rule.items():
        n_err = len(errors(items))
        lines.append(f"\n{rule} — {n_err} error(s), {len(items) - n_err} warning(s)")
        shown = items if n_err or len(items) <= WARNINGS_SHOWN else items[:WARNINGS_SHOWN]
        for f in shown:
            lines.append(f"  {f.severity.upper():7} {f.location()}: {f.message}")
            lines.append(f"          fix: {f.fix}")
        if len(shown) < len(items):
            lines.append(f"  … and {len(items) - len(shown)} more warnings of this kind (all in reports/checker.json)")
    n_err = len(errors(findings))
    lines.append(f"\n{title}: {n_err} error(s), {len(findings) - n_err} warning(s).")
    return "\n".join(lines)


def write_json(findings: list[Finding], path: Path, **summary: object) -> None:
    """Machine-readable report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "errors": len(errors(findings)),
        "warnings": len(findings) - len(errors(findings)),
        **summary,
        "findings": [asdict(f) for f in sorted(findings, key=Finding.sort_key)],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_junit(findings: list[Finding], path: Path, rules: Iterable[str], suite: str) -> None:
    """JUnit XML: one test case per rule, failed by its errors (warnings are listed as output)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    all_rules = sorted(set(rules) | set(by_rule))
    root = ET.Element(
        "testsuite",
        name=suite,
        tests=str(len(all_rules)),
        failures=str(sum(1 for r in all_rules if errors(by_rule[r]))),
    )
    for rule in all_rules:
        case = ET.SubElement(root, "testcase", classname=suite, name=rule)
        errs = errors(by_rule[rule])
        if errs:
            failure = ET.SubElement(case, "failure", message=f"{len(errs)} error(s)")
            failure.text = "\n".join(f"{f.location()}: {f.message} (fix: {f.fix})" for f in errs)
        warns = [f for f in by_rule[rule] if f.severity != ERROR]
        if warns:
            ET.SubElement(case, "system-out").text = "\n".join(f"{f.location()}: {f.message}" for f in warns)
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
