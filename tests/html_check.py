"""The W3C Nu HTML Checker (vnu) on rendered pages; axe-core is in tests/browser/axe.py.

vnu-jar comes from the npm registry into node_modules/ (`make node_modules/.installed`, run by
`make test` and .ci/run); a missing checker fails loudly rather than letting a page pass unchecked.
"""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _require(path: Path) -> Path:
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make node_modules/.installed`"
    return path


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
