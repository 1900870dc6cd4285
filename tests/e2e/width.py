"""The width check every browser test makes of every page it visits (issue 13, item 8): no page
may be wider than a phone's 375-pixel screen; a table too wide for it must scroll inside its own
box (`.app-table-scroll`).

The test's own window stays as it is (narrowing it mid-test would change what the test sees, and
Playwright cannot resize a page whose navigation it is holding): the document, as it stands once
axe has scanned it, is copied without its scripts into a hidden 375-pixel frame of its own origin,
where the service's stylesheets lay it out as a phone would, and measured there."""

from __future__ import annotations

NARROW = 375  # pixels: the narrowest phone screen a page must fit
# For the copy's stylesheets and fonts, before saying it was not measured: as long as a document
# waits for its own (axe.STYLED_WAIT_MS). 5 s once failed a correct page in CI on a busy machine.
MEASURE_WAIT_MS = 10_000

# In-page: a promise of {width, culprits}: the copy's width at NARROW pixels, and, when it is
# wider, the elements that stick out furthest without a child that sticks out as far (the ones
# to fix).
MEASURE = f"""
() => new Promise((resolve) => {{
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("script").forEach((script) => script.remove());
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-same-origin");
  frame.setAttribute("aria-hidden", "true");
  frame.tabIndex = -1;
  Object.assign(frame.style, {{
    position: "absolute", left: "-20000px", top: "0", border: "0",
    width: "{NARROW}px", height: "800px", visibility: "hidden",
  }});
  const measured = () => {{
    const inner = frame.contentDocument;
    const isClipped = (element) => {{
      // Inside a box that scrolls or clips sideways, and that box itself fits: not a culprit.
      for (let box = element.parentElement; box && box !== inner.body; box = box.parentElement) {{
        const overflow = inner.defaultView.getComputedStyle(box).overflowX;
        if (overflow !== "visible" && box.getBoundingClientRect().right <= limit + 0.5) {{
          return true;
        }}
      }}
      return false;
    }};
    const limit = inner.documentElement.clientWidth;
    const width = inner.documentElement.scrollWidth;
    const right = (element) => element.getBoundingClientRect().right;
    const sticking = width <= limit ? [] : [...inner.body.querySelectorAll("*")].filter(
      (element) => right(element) > limit + 0.5 && !isClipped(element),
    );
    const leaves = sticking.filter((element) => !sticking.some(
      (other) => other !== element && element.contains(other) && right(other) >= right(element),
    ));
    leaves.sort((a, b) => right(b) - right(a));
    const name = (element) => element.tagName.toLowerCase()
      + (element.id ? `#${{element.id}}` : "")
      + [...element.classList].map((c) => `.${{c}}`).join("");
    const culprits = leaves.slice(0, 3).map(
      (element) => `${{name(element)}} (its right edge at ${{Math.round(right(element))}} px)`,
    );
    frame.remove();
    resolve({{ width, culprits }});
  }};
  // Polled rather than awaited on "load": while a navigation is pending, which is when the
  // guard holds a page for its scan, Chromium fires no load event, in any frame.
  const deadline = Date.now() + {MEASURE_WAIT_MS};
  const settle = () => {{
    const inner = frame.contentDocument;
    if (Date.now() > deadline) {{
      frame.remove();
      return resolve({{ error: `its copy was not laid out in {MEASURE_WAIT_MS} ms` }});
    }}
    const ready = inner && inner.location.href === "about:srcdoc" && inner.readyState !== "loading"
      && [...inner.querySelectorAll('link[rel~="stylesheet"]')].every((link) => link.sheet)
      && inner.fonts.status === "loaded";
    return ready ? measured() : setTimeout(settle, 20);
  }};
  frame.srcdoc = "<!DOCTYPE html>" + copy.outerHTML;
  document.body.append(frame);
  settle();
}})
"""


def describe(url: str, found: dict[str, object]) -> str | None:
    """A test failure's words for a page too wide (or not measured), or None when it fits."""
    if found.get("error"):
        return f"{url} could not be measured at {NARROW} pixels wide: {found['error']}"
    culprits = found.get("culprits") or []
    if not culprits:
        return None
    assert isinstance(culprits, list)
    return (
        f"{url} is {found['width']} pixels wide on a {NARROW}-pixel screen (issue 13, item 8: a "
        f"wide table scrolls in an .app-table-scroll box); sticking out furthest: "
        + ", ".join(str(c) for c in culprits)
    )
