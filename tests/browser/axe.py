"""axe-core in a Playwright page: the WCAG 2.2 AA rules, run on the page as the user sees it.

axe-core comes from the npm registry (package.json, `make node_modules/.installed`), never from
the network at test time. Its script is injected through the DevTools protocol, which the page's
Content-Security-Policy does not govern, so the strict policy stays as it is in production.
"""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    """The violations on the page now, each as {id, impact, help, nodes: [css targets]}."""
    if not AXE_JS.exists():
        raise AssertionError(f"axe-core is missing at {AXE_JS}: run `make node_modules/.installed`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    context = {"include": [["html"]], "exclude": [[selector] for selector in exclude or []]}
    results = page.evaluate(
        "([context, tags]) => axe.run(context, {runOnly: {type: 'tag', values: tags}})",
        [context, WCAG_22_AA],
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
    ]


def describe(violations: list[dict]) -> str:
    """One line per violation, for an assertion message that tells what to fix where."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][:5]}" for v in violations)
