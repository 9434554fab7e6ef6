"""Charts to files, with nothing fetched at view time: PNG, SVG, standalone HTML or the Vega-Lite spec.

vl-convert renders Vega-Lite in-process (Deno with Vega inside, no browser, no network) to SVG and PNG,
and writes HTML with the Vega, Vega-Lite and Vega-Embed JavaScript bundled into the page, so an HTML
chart works offline and from `file://`. The site uses the same bundle (`javascript_bundle`) as one
local asset; building it takes about two seconds, so it is kept in the user's cache directory, keyed by
the versions it contains.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .style import Chart

FORMATS = ("png", "svg", "html", "json")
_GLOBALS = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


def spec(chart: Chart) -> dict[str, Any]:
    """The chart's Vega-Lite spec with its data inline. Altair's schema validation is skipped: it costs
    tens of milliseconds a chart and the site draws hundreds; the chart tests validate instead."""
    return chart.to_dict(validate=False)


def chart_format(path: Path) -> str:
    """The format a file name asks for: png, svg, html or json (its suffix)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "htm":
        suffix = "html"
    if suffix not in FORMATS:
        raise UsageError(
            f"{path}: expected a file name ending in .{', .'.join(FORMATS)}, found {path.suffix or 'no suffix'!r}"
        )
    return suffix


def render(chart: Chart, fmt: str, *, scale: float = 2.0) -> bytes:
    """The chart as the bytes of a file of format `fmt` (png, svg, html, json)."""
    import vl_convert

    vl_spec = spec(chart)
    if fmt == "png":
        return bytes(vl_convert.vegalite_to_png(vl_spec, scale=scale))
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(vl_spec).encode("utf-8")
    if fmt == "html":
        return standalone_html(vl_spec).encode("utf-8")
    if fmt == "json":
        return (json.dumps(vl_spec, indent=2, default=str) + "\n").encode("utf-8")
    raise UsageError(f"expected a chart format among {', '.join(FORMATS)}, found {fmt!r}")


def standalone_html(vl_spec: dict[str, Any]) -> str:
    """One HTML page that draws the chart with the Vega libraries inside it: no network, works from
    `file://`. (vl-convert's own `vegalite_to_html(bundle=True)` does the same but bundles anew each time.)"""
    from html import escape

    title = vl_spec.get("title", {})
    text = title.get("text", "chart") if isinstance(title, dict) else str(title)
    data = json.dumps(vl_spec, separators=(",", ":"), default=str).replace("<", "\\u003c")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(str(text))}</title>\n<script>{javascript_bundle()}</script>\n</head>\n<body>\n"
        f'<div id="chart"></div>\n<p>{escape(str(vl_spec.get("description", "")))}</p>\n'
        f"<script>vegaEmbed('#chart', {data}, {{renderer: 'svg', actions: false}})"
        ".catch(function (error) { console.error(error); });</script>\n</body>\n</html>\n"
    )


def save(chart: Chart, path: str | Path, *, scale: float = 2.0) -> Path:
    """Write the chart to `path`; the suffix chooses the format (.png, .svg, .html, .json). The file is
    written whole or not at all (a temporary file renamed into place)."""
    target = Path(path)
    data = render(chart, chart_format(target), scale=scale)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one classic script that sets `window.vegaEmbed` (cached)."""
    import platformdirs
    import vl_convert

    versions = "-".join(
        [
            vl_convert.get_vega_version(),
            vl_convert.get_vegalite_versions()[-1],
            vl_convert.get_vega_embed_version(),
        ]
    )
    cache = platformdirs.user_cache_path("cqc-la") / f"vega-bundle-{versions}-{len(_GLOBALS)}.js"
    try:
        return cache.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle(_GLOBALS)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cache)
    except OSError:
        pass  # an unwritable cache only costs time
    return bundle
