"""``/docs``: the API reference as one server-rendered page built from the OpenAPI schema.

FastAPI's default pages load Swagger UI from a CDN with inline scripts, which the
content-security policy forbids and which fails without internet; this page needs
neither.
"""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1d2330}code{background:#eef1f5;padding:0 .3em;border-radius:3px}"
    "h2{margin-top:2rem;border-top:1px solid #d5dae1;padding-top:1rem}"
    "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;"
    "border-bottom:1px solid #e3e7ec;vertical-align:top}th{font-weight:600}"
)


def render_reference(schema: dict[str, Any]) -> str:
    info = schema.get("info", {})
    title = escape(str(info.get("title", "API")))
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{title}</title><style>{_STYLE}</style></head>",
        f"<body><h1>{title} {escape(str(info.get('version')))}</h1>",
        f"<p>{escape(str(info.get('description', '')))} Machine-readable: "
        "<a href='/openapi.json'><code>/openapi.json</code></a>. Errors are "
        '<code>{"error": {"status", "message", "details"}}</code> with a 4xx status.</p>',
    ]
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            parts.append(f"<h2><code>{escape(method.upper())} {escape(path)}</code></h2>")
            parts.append(f"<p>{escape(str(operation.get('summary', '')))}</p>")
            parameters = operation.get("parameters", [])
            if parameters:
                parts.append("<table><tr><th>parameter</th><th>in</th><th>required</th>"
                             "<th>description</th></tr>")  # fmt: skip
                for p in parameters:
                    parts.append(
                        f"<tr><td><code>{escape(str(p.get('name')))}</code></td>"
                        f"<td>{escape(str(p.get('in')))}</td>"
                        f"<td>{'yes' if p.get('required') else 'no'}</td>"
                        f"<td>{escape(str(p.get('description', '')))}</td></tr>"
                    )
                parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
