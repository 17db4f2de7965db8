"""Catches Content-Security-Policy violations in a Playwright page, for every browser test.

CDP init scripts are not subject to the CSP, so the listener sees every violation the page
causes and reports it to the console, where `csp_problems()` collects it. `window.alert` is
replaced as well, so a payload that manages to run is recorded (`xss_alerts()`), not shown.
"""

REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || ''));
});
window.__xss = [];
window.alert = (message) => { window.__xss.push(String(message)); };
"""


# Debian's chromium as root, headless, with no background traffic (this machine has no network).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def watch_csp(page):
    """Start collecting console errors and CSP violations of `page`; call before the first goto."""
    page.add_init_script(REPORT_VIOLATIONS)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(f"pageerror {error}"))
    return page


def csp_problems(page) -> list[str]:
    return [m for m in page.console_errors if "CSP-VIOLATION" in m or "Content Security Policy" in m]


def xss_alerts(page) -> list[str]:
    return page.evaluate("window.__xss")
