"""HTML validity gate: the Nu HTML Checker (vnu) over every built page.

One Java process checks the whole tree (`make install` installs the pinned npm package
`vnu-jar` and Debian's Java runtime). Every error fails unless it matches an entry of the
reviewed suppression list, scripts/checks/vnu-suppressions.yml, which says why the error is
left (the theme's own markup that a small partial override cannot fix). The full result,
suppressed errors included, goes to reports/vnu.json.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from scripts.checks.findings import ERROR, Finding
from scripts.project import ROOT

RULES = ["html-validity"]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker is a short run: the quick compiler alone (C1) halves its CPU time; C1's deeper
# stack frames need more than the default stack for the HTML schema's recursion.
JVM_FLAGS = ["-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]
SUPPRESSIONS = ROOT / "scripts" / "checks" / "vnu-suppressions.yml"
FIX = (
    "fix the markup where it is written (Markdown, a partial in overrides/partials/, a hook in "
    "overrides/hooks/); if it is Material's own and no small partial override can fix it, list it "
    "with its reason in scripts/checks/vnu-suppressions.yml"
)


@dataclass(frozen=True)
class Suppression:
    """One reviewed validator error left in the site, and why."""

    message: re.Pattern[str]
    extract: re.Pattern[str] | None
    reason: str
    line: int  # in the suppression file

    def matches(self, msg: dict[str, Any]) -> bool:
        """Whether this entry covers one validator message."""
        if not self.message.search(str(msg.get("message", ""))):
            return False
        return self.extract is None or bool(self.extract.search(str(msg.get("extract", ""))))


def _label(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def load_suppressions(path: Path = SUPPRESSIONS) -> tuple[list[Suppression], list[Finding]]:
    """The reviewed entries; an entry without a message pattern or a reason is an error."""
    label = _label(path)
    if not path.is_file():
        return [], []
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    entries, problems = [], []
    items = root.value if isinstance(root, yaml.SequenceNode) else []
    if root is not None and not isinstance(root, yaml.SequenceNode):
        problems.append(Finding("html-validity", label, 1, "not a list of entries", "write '- message: …' entries"))
    for node in items:
        line = node.start_mark.line + 1
        data = yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.MappingNode) else None
        if (
            not isinstance(data, dict)
            or not str(data.get("message") or "").strip()
            or not str(data.get("reason") or "").strip()
        ):
            problems.append(
                Finding(
                    "html-validity",
                    label,
                    line,
                    "a suppression needs a 'message' pattern and a 'reason'",
                    "give the regular expression of the validator's message and say why the error is left",
                )
            )
            continue
        try:
            extract = re.compile(str(data["extract"])) if data.get("extract") else None
            entries.append(Suppression(re.compile(str(data["message"])), extract, str(data["reason"]), line))
        except re.error as exc:
            problems.append(Finding("html-validity", label, line, f"bad regular expression: {exc}", "fix the pattern"))
    return entries, problems


def run_vnu(site: Path) -> list[dict[str, Any]]:
    """Every error the Nu HTML Checker reports on the site's HTML files (one Java process)."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        raise FileNotFoundError("java or node_modules/vnu-jar is missing")
    cmd = [java, *JVM_FLAGS, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html", str(site)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    try:
        return list(json.loads(done.stderr or "{}").get("messages", []))
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu gave no JSON report (exit {done.returncode}): {done.stderr[-500:]}") from None


def _relative(url: str, site: Path) -> str:
    path = Path(unquote(urlsplit(url).path))
    return path.relative_to(site.resolve()).as_posix() if path.is_relative_to(site.resolve()) else str(path)


def evaluate(
    messages: list[dict[str, Any]], site: Path, label: str, suppressions: list[Suppression]
) -> tuple[list[Finding], dict[int, int]]:
    """Findings for the errors no suppression covers (one per file and line: one broken tag can
    give a dozen messages), and how often each suppression was used."""
    used = {s.line: 0 for s in suppressions}
    by_place: dict[tuple[str, int | None], list[dict[str, Any]]] = {}
    for msg in messages:
        if msg.get("type") != "error" and msg.get("subType") not in ("fatal", "io"):
            continue
        hit = next((s for s in suppressions if s.matches(msg)), None)
        if hit is not None:
            used[hit.line] += 1
            continue
        place = (f"{label}/{_relative(str(msg.get('url', '')), site)}", msg.get("lastLine"))
        by_place.setdefault(place, []).append(msg)
    found = []
    for (file, line), msgs in by_place.items():
        extract = " ".join(str(msgs[0].get("extract", "")).split())
        more = f" (and {len(msgs) - 1} more error(s) on this line)" if len(msgs) > 1 else ""
        text = f"HTML validator: {msgs[0].get('message', '')}{more}; at: {extract[:120]}"
        found.append(Finding("html-validity", file, line, text, FIX, ERROR))
    return found, used


def check_site(site: Path, label: str, report: Path, suppressions_file: Path = SUPPRESSIONS) -> list[Finding]:
    """Validate every HTML page of a built site; write the report; return the findings."""
    suppressions, found = load_suppressions(suppressions_file)
    start = time.monotonic()
    try:
        messages = run_vnu(site)
    except (FileNotFoundError, RuntimeError) as exc:
        problem = f"the HTML validator did not run: {exc}"
        return [*found, Finding("html-validity", label, None, problem, "run `make install`")]
    seconds = round(time.monotonic() - start, 1)
    errors, used = evaluate(messages, site, label, suppressions)
    found += errors
    sup_label = _label(suppressions_file)
    for s in suppressions:
        if not used[s.line]:
            found.append(
                Finding(
                    "html-validity",
                    sup_label,
                    s.line,
                    f"suppression '{s.message.pattern}' matched no error on this site",
                    "remove the entry: the error it was written for is gone",
                    ERROR,
                )
            )
    pages = sum(1 for _ in site.rglob("*.html"))
    data = {
        "pages": pages,
        "seconds": seconds,
        "errors": len(errors),
        "suppressed": {f"{sup_label}:{s.line} {s.message.pattern}": used[s.line] for s in suppressions},
        "messages": messages,
    }
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return found
