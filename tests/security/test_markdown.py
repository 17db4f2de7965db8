"""Staff-written Markdown is rendered sanitized: every payload inert, safe links kept and marked."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape

from tests.factories import CaseFactory, EventFactory
from tests.xss_payloads import PAYLOADS, inert
from tracker.markdown import render_markdown


def render(text: str) -> str:
    return Template("{% load tracker_markdown %}{{ text|markdown }}").render(Context({"text": text}))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_inert_through_the_filter(payload):
    html = render(payload)
    assert inert(html), html
    assert inert(render(f"Some **text**\n\n{payload}\n\n- and a list")), payload


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        (
            "[RFE/RL](https://www.rferl.org/a/x.html)",
            '<p><a href="https://www.rferl.org/a/x.html" rel="nofollow noopener noreferrer">RFE/RL</a></p>',
        ),
        (
            "[mail](mailto:team@example.org)",
            '<p><a href="mailto:team@example.org" rel="nofollow noopener noreferrer">mail</a></p>',
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("a < b & c > d", "<p>a &lt; b &amp; c &gt; d</p>"),
        ("<b>raw</b>", "<p>&lt;b&gt;raw&lt;/b&gt;</p>"),
        ("[bad](javascript:alert(1))", '<p><a rel="nofollow noopener noreferrer">bad</a></p>'),
        ("", ""),
    ],
)
def test_rendering(text, html):
    assert render_markdown(text) == html


def test_none_renders_empty():
    assert render(None) == ""


def test_admin_change_pages_show_raw_text_escaped(client, editor):
    # All payloads on one page each: the admin's textareas must show them as typed, never as markup.
    text = "\n".join(PAYLOADS)
    case = CaseFactory(summary=text, internal_notes=text)
    event = EventFactory(case=case, description=text)
    client.force_login(editor)
    for url in [
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_event_change", args=[event.pk]),
    ]:
        html = client.get(url).content.decode()
        for payload in PAYLOADS:
            escaped = escape(payload)
            assert escaped in html, (url, payload)
            if escaped != payload:
                assert payload not in html, (url, payload)
