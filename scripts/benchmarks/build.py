"""Benchmark: the project's build against stock MkDocs on the same content, at 1x and Nx.

Run: `python -m scripts bench build [--runs 3] [--scale 5]`; writes reports/bench-build.json.

Each configuration builds a temporary copy of the project: today's content (1x), and a copy
with every paper and its translations copied N-1 more times under new ids
(`merchant-acquisition-2`, ...; front matter ids and the indicator library follow, so gate 1
still passes). Stock is the project's mkdocs.yml without hooks, theme overrides and extra
CSS, with search configured as the i18n plugin does by default (`reconfigure_search: true`),
run as `mkdocs build`. Runs are interleaved (project, stock, project, ...), each from an
empty output folder, an empty build cache and no content snapshot, with the PDF cache warm
(the project's `.cache/pdf`: a first, untimed run renders the copies' PDFs once) and the
theme's and the project's compiled templates kept (`.cache/jinja-*`, as Python keeps its bytecode).
Figures are medians. Peak memory is the largest sum of the resident memory of the build's
process tree, sampled from /proc every 50 ms, both as summed RSS (pages shared by forked
processes counted in each) and as summed PSS (each shared page counted once, split among the
processes sharing it). The machine's load average is recorded beside the figures, as other
work on the machine slows every run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from scripts.project import REPORTS, ROOT, copy_sources

COPIED = ["mkdocs.yml", "docs", "overrides", "scripts", "requirements.txt", ".github"]
STOCK_CONFIG = "stock.yml"
PDF_CACHE = ROOT / ".cache" / "pdf"


def make_project(dest: Path, scale: int) -> Path:
    """A copy of what the build reads, with every paper copied scale-1 more times."""
    copy_sources(dest, COPIED)
    docs = dest / "docs"
    ids = sorted(p.stem for p in (docs / "en" / "papers").glob("*.md") if p.stem != "index")
    for lang_dir in sorted(p for p in docs.iterdir() if p.is_dir()):
        for paper in ids:
            source = lang_dir / "papers" / f"{paper}.md"
            if not source.is_file():
                continue
            text = source.read_text(encoding="utf-8")
            for k in range(2, scale + 1):
                copy = re.sub(rf"^id: {re.escape(paper)}$", f"id: {paper}-{k}", text, count=1, flags=re.M)
                (source.parent / f"{paper}-{k}.md").write_text(copy, encoding="utf-8")
    library = docs / "en" / "indicators.yml"

    def with_copies(match: re.Match[str]) -> str:
        listed = [p.strip() for p in match.group(1).split(",")]
        return "papers: [" + ", ".join(listed + [f"{p}-{k}" for p in listed for k in range(2, scale + 1)]) + "]"

    library.write_text(re.sub(r"papers: \[([^\]]*)\]", with_copies, library.read_text(encoding="utf-8")), "utf-8")
    (dest / STOCK_CONFIG).write_text(stock_config((dest / "mkdocs.yml").read_text(encoding="utf-8")), "utf-8")
    return dest


def stock_config(text: str) -> str:
    """mkdocs.yml without hooks, theme overrides and extra CSS/JS; search as the i18n plugin sets it."""
    out, skipping = [], False
    for line in text.splitlines():
        top = line[:1] not in ("", " ", "#")
        if top:
            skipping = line.split(":")[0] in ("hooks", "extra_css", "extra_javascript")
        if skipping or re.match(r"\s+custom_dir:", line):
            continue
        line = re.sub(r"^(\s+reconfigure_search:) false", r"\1 true", line)
        out.append(re.sub(r"^strict: true", "strict: false", line))
    return "\n".join(out) + "\n"


def _tree_memory(root: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants, in bytes: summed RSS, and summed
    PSS (each page shared between processes counted once, split among them; from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path("/proc", entry.name, "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path("/proc", str(pid), "smaps_rollup").read_text(encoding="ascii")
        except OSError:
            continue
        for line in rollup.splitlines():
            name, _, value = line.partition(":")
            if name in ("Rss", "Pss"):
                kib = int(value.split()[0]) * 1024
                rss, pss = (rss + kib, pss) if name == "Rss" else (rss, pss + kib)
    return rss, pss


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Run a command; return its wall time and the peak summed RSS and PSS of its process tree."""
    env = {**os.environ, "SITE_PDF_CACHE": str(PDF_CACHE), "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        while not done.wait(0.05):
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{err[-3000:]}")
    return wall, peak_rss, peak_pss


def project_build(project: Path, out: Path, clean: bool = True) -> tuple[float, int, int]:
    """The project's build (`python -m scripts build`) of a copy; clean: empty output, build cache
    and content snapshot (the compiled theme templates stay, like Python's bytecode)."""
    if clean:
        shutil.rmtree(out, ignore_errors=True)
        for cache in ("build", "snapshot"):
            shutil.rmtree(project / ".cache" / cache, ignore_errors=True)
    return run_measured([sys.executable, "-m", "scripts", "build", "--site", str(out)], project)


def stock_build(project: Path, out: Path) -> tuple[float, int, int]:
    """Stock MkDocs (`mkdocs build`) with the stock configuration, into an empty folder."""
    shutil.rmtree(out, ignore_errors=True)
    return run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", STOCK_CONFIG, "-d", str(out)], project)


def html_pages(site: Path) -> int:
    """Output pages: every HTML file of a built tree."""
    return sum(1 for _ in site.rglob("*.html"))


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main(runs: int = 3, scale: int = 5) -> int:
    """Build both configurations at 1x and scale x, interleaved; print a table and write the report."""
    scales = sorted({1, scale})
    results: dict[str, object] = {"runs": runs, "scale": scale, "cores": os.cpu_count(), "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        base = Path(tmp)
        projects = {s: make_project(base / f"x{s}", s) for s in scales}
        out = {s: (base / f"site-project-{s}", base / f"site-stock-{s}") for s in scales}
        for s in scales:  # untimed: PDFs of the copies into the cache, bytecode, page cache
            print(f"warm-up at {s}x ...", flush=True)
            project_build(projects[s], out[s][0])
            stock_build(projects[s], out[s][1])
        samples: dict[str, list[tuple[float, int, int]]] = {}
        for r in range(runs):
            for s in scales:
                jobs: list[tuple[str, Callable[[], tuple[float, int, int]]]] = [
                    (f"project-{s}x", lambda s=s: project_build(projects[s], out[s][0])),
                    (f"stock-{s}x", lambda s=s: stock_build(projects[s], out[s][1])),
                ]
                for name, job in jobs if r % 2 == 0 else jobs[::-1]:
                    samples.setdefault(name, []).append(job())
                    print(f"run {r + 1}/{runs} {name}: {samples[name][-1][0]:.1f} s", flush=True)
        for _ in range(runs):
            samples.setdefault("project-1x-nochange", []).append(project_build(projects[1], out[1][0], clean=False))
        pages = {s: (html_pages(out[s][0]), html_pages(out[s][1])) for s in scales}
    results["load_after"] = os.getloadavg()
    rows = {}
    for name, values in samples.items():
        rows[name] = {
            "wall_seconds": [round(w, 2) for w, _, _ in values],
            "median_seconds": _median([w for w, _, _ in values]),
            "peak_rss_mb": round(max(m for _, m, _ in values) / 2**20),
            "peak_pss_mb": round(max(m for _, _, m in values) / 2**20),
        }
    results["builds"] = rows
    summary = {}
    for s in scales:
        p, st = rows[f"project-{s}x"]["median_seconds"], rows[f"stock-{s}x"]["median_seconds"]
        summary[f"{s}x"] = {
            "project_seconds": p,
            "stock_seconds": st,
            "ratio": round(p / st, 2),
            "pages_project": pages[s][0],
            "pages_stock": pages[s][1],
            "project_ms_per_page": round(1000 * p / pages[s][0], 1),
            "stock_ms_per_page": round(1000 * st / pages[s][1], 1),
            "peak_rss_mb_project": rows[f"project-{s}x"]["peak_rss_mb"],
            "peak_rss_mb_stock": rows[f"stock-{s}x"]["peak_rss_mb"],
            "peak_pss_mb_project": rows[f"project-{s}x"]["peak_pss_mb"],
            "peak_pss_mb_stock": rows[f"stock-{s}x"]["peak_pss_mb"],
        }
    results["summary"] = summary
    top = f"{scale}x"
    if scale != 1:
        results["per_page_cost_ratio"] = {
            "project": round(summary[top]["project_ms_per_page"] / summary["1x"]["project_ms_per_page"], 2),
            "stock": round(summary[top]["stock_ms_per_page"] / summary["1x"]["stock_ms_per_page"], 2),
        }
    results["nochange_rebuild_seconds"] = rows["project-1x-nochange"]["median_seconds"]
    results["targets"] = {
        "ratio": 1.0,
        "per_page_cost_ratio": 1.15,
        "nochange_rebuild_seconds": 3.0,
        "peak_rss_mb": 400,
    }
    print(format_table(results))
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench-build.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def format_table(results: dict[str, object]) -> str:
    """The report as a plain-text table."""
    summary: dict[str, dict[str, float]] = results["summary"]  # type: ignore[assignment]
    lines = [
        f"{'full build, PDF cache warm':34} {'project':>9} {'stock':>9} {'ratio':>6} {'pages':>6} "
        f"{'ms/page p':>10} {'ms/page s':>10} {'RSS MB p':>9} {'RSS MB s':>9} {'PSS MB p':>9} {'PSS MB s':>9}"
    ]
    for scale, row in summary.items():
        lines.append(
            f"{scale + ' content':34} {row['project_seconds']:>8.1f}s {row['stock_seconds']:>8.1f}s "
            f"{row['ratio']:>5.2f}x {row['pages_project']:>6} {row['project_ms_per_page']:>10} "
            f"{row['stock_ms_per_page']:>10} {row['peak_rss_mb_project']:>9} {row['peak_rss_mb_stock']:>9} "
            f"{row['peak_pss_mb_project']:>9} {row['peak_pss_mb_stock']:>9}"
        )
    if "per_page_cost_ratio" in results:
        lines.append(f"cost per page, {results['scale']}x vs 1x: {results['per_page_cost_ratio']}")
    lines.append(f"rebuild with nothing changed (project, 1x): {results['nochange_rebuild_seconds']} s")
    lines.append(
        f"runs: {results['runs']} each, interleaved, medians; {results['cores']} cores; "
        f"load average before {results['load_before']}, after {results['load_after']}"
    )
    return "\n".join(lines)
