"""Benchmark: PDF editions cold (empty cache) and warm (nothing changed), on the built site.

Run: `python -m scripts bench pdf` (after `make build`); writes reports/bench-pdf.json.
Cold time per paper-language per core = cold wall time x cores of the machine / editions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from scripts.pdf import editions
from scripts.project import REPORTS, SITE, mkdocs_config


def main(site: Path = SITE, rounds: int = 3) -> int:
    """Time a cold and `rounds` warm runs of the PDF step on a copy of the built site."""
    if not (site / "index.html").is_file():
        print("Build the site first: make build")
        return 1
    site_url = str(mkdocs_config()["site_url"])
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work, cache = Path(tmp) / "site", Path(tmp) / "cache"
        shutil.copytree(site, work)
        cpu0 = os.times()
        start = time.perf_counter()
        cold = editions.make_all(work, site_url, cache=cache, progress=False)
        cold_wall = time.perf_counter() - start
        cpu1 = os.times()
        warm = []
        for _ in range(rounds):
            start = time.perf_counter()
            result = editions.make_all(work, site_url, cache=cache, progress=False)
            warm.append(time.perf_counter() - start)
            assert result["rendered"] == 0
    n, workers, cores = int(cold["editions"]), int(cold["workers"] or 1), os.cpu_count() or 1
    children_cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
    report = {
        "editions": n,
        "workers": workers,
        "cores": cores,
        "cold_wall_seconds": round(cold_wall, 2),
        "cold_render_cpu_seconds": cold["render_cpu_seconds"],
        "cold_worker_process_cpu_seconds": round(children_cpu, 2),
        "cold_seconds_per_edition_per_core": round(cold_wall * cores / n, 3) if n else None,
        "warm_seconds": [round(w, 3) for w in warm],
        "warm_best_seconds": round(min(warm), 3),
        "targets": {"cold_per_edition_per_core": 1.2, "warm_whole_set": 1.0},
    }
    print(json.dumps(report, indent=2))
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench-pdf.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0
