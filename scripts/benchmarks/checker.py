"""Benchmark: the project's built-site checker against lychee, on the same synthetic site.

Generates a built site of PAGES pages in two languages (English at /, French at /fr/) with
about REFS references of every kind and planted faults of each kind, then runs both tools
in the same session, interleaved, and reports times, their ratio and which planted faults
each tool found. Run: `python -m scripts bench checker` (writes reports/bench-checker.json).
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.project import REPORTS, ROOT

SITE_URL = "https://bench.example.org/"
LYCHEE_ARGS = ["--offline", "--include-fragments", "--index-files", "index.html", "--no-progress", "--format", "json"]


@dataclass
class Planted:
    """A fault written into the synthetic site, and which tools can be expected to see it."""

    kind: str
    file: str
    url: str
    lychee_can: bool = True  # lychee checks links, fragments, images, srcset and files


@dataclass
class Synthetic:
    """The generated site."""

    root: Path
    pages: int = 0
    refs: int = 0
    planted: list[Planted] = field(default_factory=list)


def _page(lang: str, title: str, ids: list[str], body: list[str]) -> str:
    heads = "".join(f'<h2 id="{i}">Section {i}</h2><p>Text of {i}.</p>\n' for i in ids)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        '<link rel="stylesheet" href="/assets/site.css"></head><body>\n'
        f'<h1 id="top">{title}</h1>\n{heads}<nav>{" ".join(body)}</nav>\n</body></html>\n'
    )


def generate(root: Path, pages_per_lang: int = 500, refs_per_page: int = 22, seed: int = 7) -> Synthetic:
    """Write the synthetic site into root (replacing it)."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "site.css").write_text("body{}")
    for name in ("a.png", "a@2x.png", "b.png"):
        (root / "assets" / name).write_bytes(b"png")
    site = Synthetic(root)
    ids = [f"s{i}" for i in range(8)]
    langs = {"en": "", "fr": "fr/"}
    for prefix in langs.values():
        (root / prefix / "docs").mkdir(parents=True, exist_ok=True)
        for n in range(0, pages_per_lang, 50):
            (root / prefix / "docs" / f"paper-{n}.pdf").write_bytes(b"%PDF-1.7\n")
    # Planted faults: (page number, kind); spread over both languages.
    kinds = [
        "page",
        "anchor-same",
        "anchor-other",
        "image",
        "srcset",
        "file",
        "md",
        "mailto",
        "cross-language",
        "html-lang",
        "duplicate-id",
        "anchor-translation",
    ]
    faults = {(rng.randrange(pages_per_lang), kind, lang) for kind in kinds for lang in langs for _ in range(6)}
    for lang, prefix in langs.items():
        other = "fr/" if lang == "en" else ""
        for n in range(pages_per_lang):
            file = f"{prefix}p{n:04d}/index.html"
            up = "../" * file.count("/")
            body: list[str] = []
            page_ids = list(ids)
            html_lang = lang
            for _ in range(refs_per_page):
                m = rng.randrange(pages_per_lang)
                r = rng.random()
                if r < 0.45:
                    body.append(f'<a href="../p{m:04d}/">p{m}</a>')
                elif r < 0.70:
                    body.append(f'<a href="../p{m:04d}/#{rng.choice(ids)}">p{m}</a>')
                elif r < 0.78:
                    body.append(f'<a href="#{rng.choice(ids)}">here</a>')
                elif r < 0.84:
                    img = f"{up}assets/a"
                    body.append(f'<img src="{img}.png" srcset="{img}.png 1x, {img}@2x.png 2x" alt="">')
                elif r < 0.88:
                    body.append(f'<a href="../docs/paper-{(m // 50) * 50}.pdf">pdf</a>')
                elif r < 0.92:
                    body.append('<a href="mailto:info@example.org">mail</a>')
                elif r < 0.97:
                    body.append(f'<a href="https://www.icmec.org/p{m}/">ext</a>')
                else:
                    body.append(f'<a href="/{prefix}p{m:04d}/">abs</a>')
                site.refs += 1
            body.append(f'<a href="/{other}p{n:04d}/" hreflang="{"fr" if lang == "en" else "en"}">switch</a>')
            site.refs += 1
            for k, kind, flang in faults:
                if k != n or flang != lang:
                    continue
                if kind == "page":
                    url = f"../missing-{n}/"
                elif kind == "anchor-same":
                    url = "#no-such-anchor"
                elif kind == "anchor-other":
                    url = f"../p{(n + 1) % pages_per_lang:04d}/#gone-{n}"
                elif kind == "image":
                    url = f"{up}assets/missing-{n}.png"
                    body.append(f'<img src="{url}" alt="">')
                    site.planted.append(Planted(kind, file, url))
                    continue
                elif kind == "srcset":
                    url = f"{up}assets/missing-{n}@2x.png"
                    body.append(f'<img src="{up}assets/b.png" srcset="{up}assets/b.png 1x, {url} 2x" alt="">')
                    site.planted.append(Planted(kind, file, url))
                    continue
                elif kind == "file":
                    url = f"../docs/missing-{n}.pdf"
                elif kind == "md":
                    url = f"../p{n:04d}.md"
                elif kind == "mailto":
                    url = "mailto:"
                    body.append(f'<a href="{url}">mail</a>')
                    site.planted.append(Planted(kind, file, url, lychee_can=False))
                    continue
                elif kind == "cross-language":
                    url = f"/{other}p{n:04d}/"
                    body.append(f'<a href="{url}">other language</a>')
                    site.planted.append(Planted(kind, file, url, lychee_can=False))
                    continue
                elif kind == "html-lang":
                    html_lang = "de"
                    site.planted.append(Planted(kind, file, "", lychee_can=False))
                    continue
                elif kind == "duplicate-id":
                    page_ids.append("s0")
                    site.planted.append(Planted(kind, file, "s0", lychee_can=False))
                    continue
                else:  # anchor-translation: an English anchor used on a French page
                    if lang == "en":
                        continue
                    url = f"../p{n:04d}/#english-only"
                    body.append(f'<a href="{url}">x</a>')
                    site.planted.append(Planted(kind, file, url))
                    continue
                body.append(f'<a href="{url}">fault</a>')
                site.planted.append(Planted(kind, file, url))
            if lang == "en":
                page_ids.append("english-only")
            path = root / file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_page(html_lang, f"Page {n}", page_ids, body), encoding="utf-8")
            site.pages += 1
    (root / "index.html").write_text(_page("en", "Home", [], ['<a href="p0000/">start</a>']))
    (root / "fr" / "index.html").write_text(_page("fr", "Accueil", [], ['<a href="p0000/">début</a>']))
    site.pages += 2
    return site


def run_checker(root: Path) -> tuple[float, set[tuple[str, str]]]:
    """Run the project's checker (gate 2) as a command; return wall time and (file, detail) found."""
    reports = root.parent / "reports-checker"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts",
            "check",
            "--site-only",
            "--links-only",
            "--site",
            str(root),
            "--site-url",
            SITE_URL,
            "--reports",
            str(reports),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    data = json.loads((reports / "checker.json").read_text(encoding="utf-8"))
    label = data["site"]
    found = {(f["file"].removeprefix(f"{label}/"), f["message"]) for f in data["findings"]}
    return elapsed, found


def run_lychee(root: Path) -> tuple[float, set[tuple[str, str]]]:
    """Run lychee offline with fragments on the same tree; return wall time and (file, url) failures."""
    lychee = Path(sys.executable).parent / "lychee"
    start = time.perf_counter()
    result = subprocess.run(
        [str(lychee), *LYCHEE_ARGS, "--root-dir", str(root.resolve()), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    data = json.loads(result.stdout or "{}")
    found = set()
    for source, errors in (data.get("error_map") or data.get("fail_map") or {}).items():
        rel = (ROOT / source).resolve().relative_to(root.resolve()).as_posix()
        for err in errors:
            found.add((rel, str(err.get("url", ""))))
    return elapsed, found


def matched(planted: Planted, found: set[tuple[str, str]]) -> bool:
    """Whether a tool's findings include a planted fault (same file, and its URL or detail)."""
    needle = planted.url.split("#")[-1].rstrip("/").split("../")[-1] if planted.url else ""
    for file, detail in found:
        if file != planted.file:
            continue
        if planted.kind == "html-lang" and "lang=" in detail:
            return True
        if planted.kind == "duplicate-id" and "'s0' is used" in detail:
            return True
        if needle and needle in detail:
            return True
    return False


def main(pages_per_lang: int = 500, rounds: int = 5, keep: Path | None = None) -> int:
    """Generate, run both tools `rounds` times each (interleaved), print and save the comparison."""
    work = keep or (ROOT / ".cache" / "bench-checker")
    site = generate(work / "site", pages_per_lang)
    print(f"Synthetic site: {site.pages} pages, {site.refs} references, {len(site.planted)} planted faults")
    times: dict[str, list[float]] = {"checker": [], "lychee": []}
    found: dict[str, set[tuple[str, str]]] = {}
    for _ in range(rounds):
        t, found["checker"] = run_checker(site.root)
        times["checker"].append(t)
        t, found["lychee"] = run_lychee(site.root)
        times["lychee"].append(t)
    med = {k: statistics.median(v) for k, v in times.items()}
    by_tool = {
        "checker": [p for p in site.planted if matched(p, found["checker"])],
        # lychee cannot see the multilingual and mailto faults; a coincidental match is not a find.
        "lychee": [p for p in site.planted if p.lychee_can and matched(p, found["lychee"])],
    }
    lychee_only = [p for p in by_tool["lychee"] if p not in by_tool["checker"]]
    kinds = sorted({p.kind for p in site.planted})
    table = {
        kind: {
            "planted": sum(p.kind == kind for p in site.planted),
            "checker": sum(p.kind == kind for p in by_tool["checker"]),
            "lychee": sum(p.kind == kind for p in by_tool["lychee"]),
        }
        for kind in kinds
    }
    result = {
        "pages": site.pages,
        "references": site.refs,
        "planted": len(site.planted),
        "rounds": rounds,
        "seconds": {k: [round(x, 3) for x in v] for k, v in times.items()},
        "median_seconds": {k: round(v, 3) for k, v in med.items()},
        "ratio_checker_to_lychee": round(med["checker"] / med["lychee"], 3),
        "found_by_kind": table,
        "found_by_lychee_not_checker": [p.__dict__ for p in lychee_only],
    }
    print(f"{'kind':20} {'planted':>8} {'checker':>8} {'lychee':>8}")
    for kind, row in table.items():
        print(f"{kind:20} {row['planted']:8} {row['checker']:8} {row['lychee']:8}")
    print(
        f"median wall time: checker {med['checker']:.3f} s, lychee {med['lychee']:.3f} s, "
        f"ratio {result['ratio_checker_to_lychee']:.2f}x (target <= 1.0)"
    )
    print(f"faults lychee found that the checker missed: {len(lychee_only)}")
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench-checker.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if not lychee_only else 1
