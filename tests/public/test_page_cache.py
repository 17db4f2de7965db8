"""The anonymous page cache: served without a query, emptied by every kind of write, never leaking."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Event, Notification, Subscription
from cases.services.status import case_change_status
from tests.case_data import SECRETS, build_bilash_case, plant_secrets
from tests.factories import CaseFactory, EventFactory, TeamMemberFactory
from tests.public.test_leaks import public_urls
from tracker import page_cache

# Real commits: invalidation happens when a write's transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.TRACKER_PAGE_CACHE_SECONDS = 300
    page_cache.invalidate()  # nothing from an earlier test on this database


@pytest.fixture
def case(db):
    case = CaseFactory(title="Detention of Serikzhan Bilash (2019)", slug="bilash")
    EventFactory(case=case, title="First hearing in Almaty")
    return case


def page(case) -> str:
    return reverse("cases:detail", kwargs={"slug": case.slug})


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code in (200, 404)
    return len(queries)


def without_tokens(body: bytes) -> str:
    return TOKEN.sub("", body.decode())


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(case, client, django_assert_num_queries):
    first = client.get(page(case))
    assert first.status_code == 200 and "First hearing in Almaty" in first.content.decode()
    with django_assert_num_queries(0):
        second = Client().get(page(case))
    assert second.status_code == 200
    assert without_tokens(second.content) == without_tokens(first.content)
    assert second["Content-Type"] == first["Content-Type"]


def _save(case):
    case.title = "Detention of Serikzhan Bilash, renamed"
    case.save(update_fields=["title"])


def _queryset_update(case):
    Case.objects.filter(pk=case.pk).update(title="Detention of Serikzhan Bilash, renamed")


def _raw_sql(case):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Case._meta.db_table} SET title = %s WHERE id = %s",
            ["Detention of Serikzhan Bilash, renamed", case.pk],
        )


def _bulk_create(case):
    Event.objects.bulk_create(
        [
            Event(
                case=case,
                kind="hearing",
                title="renamed appeal",
                occurred_on=case.created_at.date(),
                visibility="public",
            )
        ]
    )


def _delete(case):
    Event.objects.filter(case=case).delete()
    EventFactory(case=case, title="renamed hearing after the deletion")


def _status_service(case):
    # case_change_status writes the status with a queryset UPDATE, not save().
    case_change_status(case=case, status="released", by=None, note="renamed")


@pytest.mark.parametrize("write", [_save, _queryset_update, _raw_sql, _bulk_create, _delete, _status_service])
def test_every_kind_of_write_empties_the_cache_when_it_commits(case, write, client, django_capture_on_commit_callbacks):
    before = client.get(page(case)).content.decode()
    assert "renamed" not in before and "released" not in before.lower()
    write(case)
    after = client.get(page(case)).content.decode()
    # The public never reads the status note: that write shows as the new status.
    assert ("released" if write is _status_service else "renamed") in after.lower()


def test_a_rolled_back_write_leaves_the_cache_alone(case, client, django_assert_num_queries):
    client.get(page(case))
    with pytest.raises(RuntimeError), transaction.atomic():
        _save(case)
        raise RuntimeError("the request failed after the save")
    with django_assert_num_queries(0):
        assert "renamed" not in client.get(page(case)).content.decode()


def test_writes_to_tables_no_public_page_reads_leave_the_cache_alone(case, client, django_assert_num_queries):
    client.get(page(case))
    with transaction.atomic():
        subscription = Subscription.objects.create(email="reader@example.org", scope="case", case=case)
        Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now())
        Notification.objects.update(last_error="")  # an UPDATE is sent even when it matches no row
    with django_assert_num_queries(0):
        client.get(page(case))


def test_signed_in_pages_are_never_stored_and_never_served_from_the_cache(db, client, editor):
    """An editor visits every public address and searches first; anonymous visitors after see only public text."""
    case = build_bilash_case()
    plant_secrets(case)
    staff = Client()
    staff.force_login(editor)
    # Part of the name: the search page repeats the query, the full name may only come from results.
    search = reverse("search:search") + "?q=" + SECRETS["witness"].split()[-1]
    urls = [*public_urls(case), search]
    assert SECRETS["witness"] in staff.get(search).content.decode()
    for url in urls:
        assert staff.get(url).status_code == 200, url
    for url in urls:
        for _visit in range(2):  # the first is rendered, the second comes from the cache
            body = client.get(url).content.decode()
            for name, secret in SECRETS.items():
                assert secret not in body, f"{name} leaked on {url}"
    # And the other way round: the anonymous copy is not what staff are given.
    assert SECRETS["witness"] in staff.get(search).content.decode()


def test_the_language_switcher_works_on_a_page_served_from_the_cache(case):
    first = Client(enforce_csrf_checks=True)
    first.get(page(case))
    visitor = Client(enforce_csrf_checks=True)
    cached = visitor.get(page(case))
    token = TOKEN.search(cached.content.decode()).group(1)
    assert token != TOKEN.search(first.get(page(case)).content.decode()).group(1)  # each visitor their own
    response = visitor.post(
        reverse("set_language"), {"language": "ru", "next": page(case), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert '<html lang="ru">' in visitor.get(page(case)).content.decode()


def test_each_language_is_cached_apart(case, client):
    english = client.get(page(case), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = client.get(page(case), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'lang="en"' in english and 'lang="ru"' in russian
    assert 'lang="en"' in client.get(page(case), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_visitor_with_a_session_or_a_message_gets_a_fresh_page(case, client):
    client.get(page(case))
    assert queries_of(Client(), page(case)) == 0
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "something"
        assert queries_of(visitor, page(case)) > 0, cookie


def test_the_next_day_is_rendered_again(case, client):
    client.get(page(case))
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert queries_of(client, page(case)) > 0


def test_not_found_is_not_stored(db, client):
    assert client.get("/cases/not-yet/").status_code == 404
    assert queries_of(client, "/cases/not-yet/") > 0


def test_anonymous_api_reads_are_cached_and_credentials_never_are(db, client, editor):
    from rest_framework.authtoken.models import Token

    from tests.api_data import SECRET_WITNESS, assert_no_secrets, plant
    from tracker.services import api_token_issue

    case = CaseFactory(slug="api-cached")
    plant(case)
    TeamMemberFactory(case=case, user=editor, role="staff")  # restricted records are read on the team
    token = Token.objects.get(key=api_token_issue(user=editor, with_two_factor=True))
    search = reverse("person-list") + "?search=" + SECRET_WITNESS.split()[-1]
    urls = [reverse("case-list"), reverse("case-detail", args=[case.slug]), reverse("person-list"), search]
    shown = {url: Client().get(url, HTTP_AUTHORIZATION=f"Token {token.key}") for url in urls}
    # The editor went first, and was shown the witness: that must not become the public's copy.
    assert SECRET_WITNESS in shown[urls[1]].content.decode()
    for url in urls:
        first, second = client.get(url), client.get(url)
        assert second.content == first.content and second["Content-Type"] == first["Content-Type"]
        assert_no_secrets(second.content)
    assert queries_of(client, reverse("case-list")) == 0
    # Each format apart: the CSV export is not answered with the JSON.
    as_csv = client.get(reverse("case-list"), HTTP_ACCEPT="text/csv")
    assert as_csv["Content-Type"].startswith("text/csv")


def shared_cache_contents() -> bytes:
    """Every value this test database's pages put in the shared cache, raw (pickled)."""
    from django.core.cache import cache

    mine = page_cache._prefix()
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):  # LocMemCache
        return b"".join(value for key, value in cache._cache.items() if mine in key)
    client = cache._cache.get_client(None)  # RedisCache
    return b"".join(client.get(key) or b"" for key in client.scan_iter(match=f"*{mine}*", count=1000))


def test_staff_timelines_are_kept_per_level_in_the_process_and_never_in_the_shared_cache(
    db, lawyer, django_user_model, settings
):
    from tests.factories import role_group

    case = build_bilash_case(publication="draft")
    plant_secrets(case)
    TeamMemberFactory(case=case, user=lawyer, role="lawyer")
    outsider_user = django_user_model.objects.create_user("other-staff", password="x" * 16)
    outsider_user.groups.add(role_group("Staff"))
    team, outsider = Client(), Client()
    team.force_login(lawyer)
    outsider.force_login(outsider_user)
    url = reverse("cases:staff-timeline", kwargs={"slug": case.slug})

    for _visit in range(2):  # the team's rendering, then the team's kept copy
        assert SECRETS["source_title"] in team.get(url).content.decode()
    for _visit in range(2):  # staff off the team read internal records, never the team's restricted ones
        body = outsider.get(url).content.decode()
        assert SECRETS["event"] in body and SECRETS["source_title"] not in body
    kept = queries_of(team, url)
    settings.TRACKER_PAGE_CACHE_SECONDS = 0
    assert kept < queries_of(team, url)  # the kept copy skipped the projection's queries
    settings.TRACKER_PAGE_CACHE_SECONDS = 300

    for secret in SECRETS.values():
        assert secret.encode() not in shared_cache_contents()

    EventFactory(case=case, title="A hearing added after the visits", visibility="internal")
    assert "A hearing added after the visits" in outsider.get(url).content.decode()


def test_with_the_shared_cache_down_pages_are_rendered_and_writes_still_commit(case, client, settings, caplog):
    # A Redis nobody listens on: every cache call fails with a connection error.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}  # fmt: skip
    assert "First hearing in Almaty" in client.get(page(case)).content.decode()
    _save(case)  # its commit tries to replace the content version, and cannot
    assert Case.objects.get(pk=case.pk).title.endswith("renamed")
    assert "renamed" in client.get(page(case)).content.decode()
    assert "page cache: the content version could not be replaced" in caplog.text
