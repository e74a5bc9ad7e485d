"""scripts.built.browser: visits of one path share one load, resized between screen sizes, and
measure what a page freshly loaded at that size shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scripts.built.browser import DEFAULT_VIEWPORT, Visit, visit_all
from scripts.checks import phones

# Narrow screens only: a box wider than the phone, set by a media query and by a script that
# listens for the query to change (as the theme's scripts do).
PAGE = """<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width">
<style>body{margin:0} @media (max-width:500px){.box{width:600px}}</style></head>
<body><div class="box">box</div><p id="js">js</p><script>
const q = matchMedia('(max-width:500px)');
const show = () => { document.getElementById('js').style.width = q.matches ? '700px' : '10px'; };
q.addEventListener('change', () => requestAnimationFrame(show)); show();
</script></body></html>"""


async def _state(page: Any) -> dict[str, Any]:
    return await page.evaluate(
        """() => ({loads: performance.getEntriesByType('navigation').length, href: location.href,
        width: document.documentElement.scrollWidth, inner: innerWidth, marker: window.__marker || null})"""
    )


async def _mark(page: Any) -> dict[str, Any]:
    await page.evaluate("window.__marker = 'seen'")
    return await _state(page)


def test_one_load_per_path_resized_like_a_fresh_load(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    phone = (phones.WIDTH, phones.HEIGHT)
    raw = visit_all(
        tmp_path,
        [Visit("phone", "", _state, phone), Visit("desktop", "", _mark), Visit("alone", "index.html", _state, phone)],
        init_scripts=["window.__init = true"],
    )
    # The desktop visit ran first on the load, the phone visit after it on the same document.
    assert raw["desktop"]["inner"] == DEFAULT_VIEWPORT[0] and raw["desktop"]["width"] == DEFAULT_VIEWPORT[0]
    assert raw["phone"]["marker"] == "seen" and raw["phone"]["inner"] == phones.WIDTH
    # Resized, the page shows what a fresh load at phone size shows (another path: its own load).
    assert raw["alone"]["marker"] is None
    assert raw["phone"]["width"] == raw["alone"]["width"] == 700


def test_init_scripts_run_in_every_page_before_its_own(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><script>window.early = window.__init</script>", "utf-8")
    (tmp_path / "b.html").write_text("<!doctype html><p>b</p>", "utf-8")

    async def seen(page: Any) -> Any:
        return await page.evaluate("[window.__init, window.early]")

    raw = visit_all(tmp_path, [Visit("a", "", seen), Visit("b", "b.html", seen)], 1, ["window.__init = 1"])
    assert raw == {"a": [1, 1], "b": [1, None]}
