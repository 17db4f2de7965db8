"""Outside checkers for the public pages: axe-core in the browser, the W3C Nu HTML Checker (vnu).

Both come from the npm registry into tools/browser/node_modules (`make browser-tools`, run by
.ci/run); a missing checker fails loudly rather than letting a page pass unchecked.
"""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "tools" / "browser" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _require(path: Path) -> Path:
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make browser-tools`"
    return path


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as loaded, one line per rule and element.

    Injected through the DevTools protocol, which the page's Content-Security-Policy does not
    govern, so the page is checked under its real policy."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_require(AXE_JS).read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')[:200]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def html_errors(documents: dict[str, str], directory: Path) -> list[str]:
    """The Nu HTML Checker's errors for each named HTML document, in one Java start-up."""
    paths = []
    for index, (name, html) in enumerate(documents.items()):
        path = directory / f"{index:02d}.html"
        path.write_text(html, encoding="utf-8")
        paths.append((path, name))
    completed = subprocess.run(
        ["java", "-jar", str(_require(VNU_JAR)), "--errors-only", "--format", "json", *(str(p) for p, _ in paths)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    names = {path.name: name for path, name in paths}
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    return [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
