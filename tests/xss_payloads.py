"""XSS payloads every page showing staff-written text must render inert (shared with other page tests)."""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg/onload=alert('xss-3')>",
    "<svg><script>alert('xss-4')</script></svg>",
    "<body onload=alert('xss-5')>",
    "<iframe src=\"javascript:alert('xss-6')\"></iframe>",
    "[click](javascript:alert('xss-7'))",
    "[click](JaVaScRiPt:alert('xss-8'))",
    "[click](java&#x09;script:alert('xss-9'))",
    "[click](&#106;avascript:alert('xss-10'))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)",
    "[click](vbscript:msgbox('xss-12'))",
    "![x](javascript:alert('xss-13'))",
    '![x](https://evil.example/pixel.png "tracking")',
    "<a href=\"javascript:alert('xss-14')\">a</a>",
    "<div style=\"background:url(javascript:alert('xss-15'))\">s</div>",
    "<p style=\"width: expression(alert('xss-16'))\">e</p>",
    "<scr<script>ipt>alert('xss-17')</scr</script>ipt>",
    "<<script>script>alert('xss-18')<</script>/script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-19')>",
    "<details open ontoggle=alert('xss-20')>",
    '<a href="https://ok.example" onclick="alert(\'xss-21\')">ok</a>',
    '[ok](https://ok.example "\\" onmouseover=alert(\'xss-22\') x=\\"")',
    "<object data=\"data:text/html,<script>alert('xss-23')</script>\"></object>",
    '<form action="https://evil.example"><input name=p></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "`<script>alert('xss-24')</script>`",
    "<!--<img src=\"--><img src=x onerror=alert('xss-25')//\">",
]

SAFE_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "title", "rel"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Markup(HTMLParser):
    """Collects what a browser would treat as markup: elements and their attributes, not escaped text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name not in SAFE_ATTRIBUTES:
                self.problems.append(f"{tag}[{name}]")
            elif name == "href" and not (value or "").strip().lower().startswith(SAFE_SCHEMES):
                self.problems.append(f"href={value}")

    def handle_comment(self, data):
        self.problems.append("<!--")


def markup_problems(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.problems


def inert(html: str) -> bool:
    """Only allow-listed tags, no event handler or style attribute, links only to http(s)/mailto."""
    return not markup_problems(html)
