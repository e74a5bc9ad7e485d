"""External links: a reviewed allowlist of domains, a cache of online results, online checks.

Every external URL of the built site is normalised and deduplicated, and listed with the
pages that use it. Its domain must be on the allowlist (scripts/checks/allowlist.yml), so a
translation cannot slip in a link to an unvetted site. Offline (the default, used in CI) the
cache (scripts/checks/external-cache.json) decides: broken is an error, stale a warning, and
a URL with no recorded result is an "unchecked" warning. Online (`--online`) each URL is
requested once and the cache is updated. The cache exists only once someone has run the
online check and committed it (the weekly external-links workflow uploads one to review):
until then every external link is unchecked.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from scripts.checks.findings import ERROR, WARNING, Finding
from scripts.checks.site import line_of

HERE = Path(__file__).resolve().parent
ALLOWLIST = HERE / "allowlist.yml"
CACHE = HERE / "external-cache.json"
RULES = ["external-domain", "external-broken", "external-unchecked", "external-stale"]
STALE_DAYS = 30
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(url: str) -> str:
    """One spelling per resource: lower-case scheme and host, no default port, no fragment."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "https").lower()
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def load_allowlist(path: Path = ALLOWLIST) -> set[str]:
    """The reviewed domains (a domain also allows its subdomains)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {str(entry["domain"]).lower() for entry in data}


def allowed(url: str, domains: set[str]) -> bool:
    """Whether a URL's host is an allowed domain or one of its subdomains."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def load_cache(path: Path = CACHE) -> dict[str, dict[str, object]]:
    """url -> {ok, status, error, checked (ISO date-time, UTC)}."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_cache(cache: dict[str, dict[str, object]], path: Path = CACHE) -> None:
    """Write the cache with stable ordering, for readable diffs."""
    path.write_text(json.dumps(dict(sorted(cache.items())), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def collect(raw: dict[str, list[str]]) -> dict[str, list[str]]:
    """Normalised URL -> sorted pages that use it."""
    pages: dict[str, set[str]] = defaultdict(set)
    for url, files in raw.items():
        pages[normalise(url)].update(files)
    return {url: sorted(files) for url, files in sorted(pages.items())}


@dataclass(frozen=True)
class Result:
    """The outcome of requesting one URL."""

    ok: bool
    status: int | None
    error: str | None


async def _request(client: object, url: str) -> Result:
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    last: Result = Result(False, None, "not requested")
    for _attempt in range(2):  # one retry
        try:
            response = await client.head(url)
            if response.status_code in (403, 405, 501):
                response = await client.get(url)
            ok = response.status_code < 400
            last = Result(ok, response.status_code, None if ok else f"HTTP {response.status_code}")
            if ok or response.status_code < 500:
                return last
        except httpx.HTTPError as exc:
            last = Result(False, None, f"{type(exc).__name__}: {exc}"[:200])
    return last


async def _check_all(urls: list[str], per_host: int, timeout: float) -> dict[str, Result]:
    import asyncio

    import httpx

    limits: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    headers = {"User-Agent": "coalition-site-link-checker (+https://github.com)"}
    async with httpx.AsyncClient(follow_redirects=True, timeout=timeout, headers=headers) as client:

        async def one(url: str) -> tuple[str, Result]:
            async with limits[urlsplit(url).netloc]:
                return url, await _request(client, url)

        return dict(await asyncio.gather(*(one(u) for u in urls)))


def check_online(
    urls: list[str], cache: dict[str, dict[str, object]], per_host: int = 2, timeout: float = 20.0
) -> None:
    """Request each URL once (HEAD, then GET on 403/405/501; one retry) and update the cache."""
    import asyncio  # only the online mode needs it
    from concurrent.futures import ThreadPoolExecutor

    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    # A thread of its own: the caller may already run an event loop (e.g. a browser driver).
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, _check_all(urls, per_host, timeout)).result()
    for url, result in results.items():
        cache[url] = {"ok": result.ok, "status": result.status, "error": result.error, "checked": now}


def evaluate(
    used: dict[str, list[str]],
    domains: set[str],
    cache: dict[str, dict[str, object]],
    label: str,
    now: datetime | None = None,
    stale_days: int = STALE_DAYS,
    root: Path | None = None,
) -> list[Finding]:
    """Findings for the external URLs of a site, from the allowlist and the cache.

    Each finding names the first page that uses the URL (and its line, when the built site's
    root is given) and lists the others.
    """
    now = now or datetime.now(UTC)
    out = []
    for url, files in used.items():
        first = f"{label}/{files[0]}"
        line = None
        if root is not None:
            parts = urlsplit(url)
            line = line_of(root, files[0], url) or line_of(root, files[0], f"{parts.netloc}{parts.path}")
        where = f"used on {len(files)} page(s): {', '.join(files[:5])}{' …' if len(files) > 5 else ''}"
        if not allowed(url, domains):
            host = urlsplit(url).hostname
            out.append(
                Finding(
                    "external-domain",
                    first,
                    line,
                    f"{url}: domain '{host}' is not on the reviewed allowlist ({where})",
                    f"remove the link, or have a maintainer review '{host}' and add it to scripts/checks/allowlist.yml",
                )
            )
            continue
        entry = cache.get(url)
        if entry is None:
            out.append(
                Finding(
                    "external-unchecked",
                    first,
                    line,
                    f"{url} has no recorded online result in {CACHE.name} ({where})",
                    "run `python -m scripts check --online` where the web is reachable (or take the cache from "
                    "the weekly external-links workflow's artifact), review it and commit "
                    "scripts/checks/external-cache.json",
                    WARNING,
                )
            )
            continue
        if not entry.get("ok"):
            out.append(
                Finding(
                    "external-broken",
                    first,
                    line,
                    f"{url} is broken: {entry.get('error')} ({where})",
                    "replace or remove the link; if it works again, rerun the online check",
                    ERROR,
                )
            )
        checked = datetime.fromisoformat(str(entry.get("checked")))
        if now - checked > timedelta(days=stale_days):
            out.append(
                Finding(
                    "external-stale",
                    first,
                    line,
                    f"{url} was last checked on {checked.date()} ({where})",
                    "run the online check (weekly workflow, or `python -m scripts check --online`)",
                    WARNING,
                )
            )
    return out
