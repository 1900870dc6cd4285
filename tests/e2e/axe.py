"""axe-core (vendored in vendor/, MPL-2.0), run against the WCAG 2.2 AA rules and the A and AA
rules of WCAG 2.0 and 2.1 that 2.2 includes, and its findings described for a test failure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.e2e import width

VENDOR = Path(__file__).parent / "vendor"
AXE_VERSION = (VENDOR / "axe-core-VERSION").read_text().strip()
AXE_SOURCE = (VENDOR / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
REPORT_BINDING = "__safereportAxeReport"

# In-page: run axe on the document and keep only what a failure message needs. "incomplete"
# results need a person's judgement, and the rest is bulk.
RUN = f"""
async () => {{
  const results = await window.axe.run(document, {{
    runOnly: {{ type: "tag", values: {json.dumps(WCAG_TAGS)} }},
    resultTypes: ["violations"],
  }});
  return results.violations.map((v) => ({{
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({{
      target: JSON.stringify(n.target),
      html: n.html,
      summary: n.failureSummary,
    }})),
  }}));
}}
"""

# Runs in every document of a watched browser context, before the page's own scripts (the
# DevTools protocol puts it there, outside the page's Content Security Policy, which therefore
# stays in force for everything the page itself loads).
#
# A document announces itself ("start") before axe's 650 kB are parsed, then scans itself as soon
# as it is parsed (its deferred scripts, GOV.UK Frontend's included, have run) and its stylesheets
# are in, since an unstyled page gives false findings; it reports "done", or "unstyled" if that
# never happens within STYLED_WAIT_MS. Not waiting for the load event is deliberate: the test's
# side (watch.py) holds any navigation away from a document until its report is in, and while a
# navigation is pending Chromium lets the document go on parsing and loading but never fires its
# load event.
STYLED_WAIT_MS = 10_000
AUTOMATIC_SCAN = f"""
;(() => {{
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const doc = {{ report: window.{REPORT_BINDING}, id: `${{Date.now()}}-${{Math.random()}}` }};
  doc.report({{ kind: "start", id: doc.id, url: location.href }});
  window.__safereportAxeDocument = doc;
}})();
{AXE_SOURCE}
;(() => {{
  const doc = window.__safereportAxeDocument;
  if (!doc) return;
  delete window.__safereportAxeDocument;
  const {{ report, id }} = doc;
  const run = {RUN};
  const measure = {width.MEASURE};
  const deadline = Date.now() + {STYLED_WAIT_MS};
  const styled = () =>
    document.readyState !== "loading" &&
    [...document.querySelectorAll('link[rel~="stylesheet"]')].every((link) => link.sheet);
  const attempt = () => {{
    if (!styled()) {{
      if (Date.now() > deadline) return report({{ kind: "unstyled", id, url: location.href }});
      return setTimeout(attempt, 20);
    }}
    run().then(
      (violations) => measure().then(
        (narrow) => report({{ kind: "done", id, url: location.href, violations, narrow }}),
      ),
      (error) => report({{ kind: "done", id, url: location.href, error: String(error) }}),
    );
  }};
  attempt();
}})();
"""


@dataclass(frozen=True)
class Node:
    target: str
    html: str
    summary: str


@dataclass(frozen=True)
class Violation:
    id: str
    impact: str | None
    help: str
    help_url: str
    nodes: tuple[Node, ...]


def violations_from(raw: list[dict[str, Any]]) -> tuple[Violation, ...]:
    return tuple(
        Violation(
            id=item["id"],
            impact=item["impact"],
            help=item["help"],
            help_url=item["helpUrl"],
            nodes=tuple(Node(n["target"], n["html"], n["summary"] or "") for n in item["nodes"]),
        )
        for item in raw
    )


def describe(url: str, violations: tuple[Violation, ...]) -> str:
    """Each violation with its rule, impact, help and the elements at fault."""
    lines = [f"axe-core {AXE_VERSION}: {len(violations)} WCAG 2.2 AA violation(s) on {url}"]
    for violation in violations:
        lines.append(
            f"- {violation.id} ({violation.impact}): {violation.help} <{violation.help_url}>"
        )
        for node in violation.nodes:
            lines.append(f"    at {node.target}: {node.html}")
            lines.extend(f"      {line}" for line in node.summary.splitlines() if line.strip())
    return "\n".join(lines)
