"""A whole fictional case entered through /api/v1/ alone, then read as the public reads it."""

import pytest
from django.urls import reverse

from cases.models import Case
from tests import factories
from tests.api_data import token_header

WITNESS = "Aliya Secretova"
WITNESS_CYRILLIC = "Алия Секретова"


class Api:
    def __init__(self, client, user):
        self.client = client
        self.headers = token_header(user)

    def post(self, name: str, body: dict) -> dict:
        response = self.client.post(reverse(f"{name}-list"), body, content_type="application/json", **self.headers)
        assert response.status_code == 201, (name, response.json())
        return response.json()


@pytest.fixture
def editors(db):
    group = factories.role_group("Editors")
    first, second = factories.UserFactory(username="editor-one"), factories.UserFactory(username="editor-two")
    for editor in (first, second):
        editor.groups.add(group)
    return first, second


def enter_case(api: Api, staff_username: str) -> dict:
    almaty = api.post("place", {"name": "Almaty", "country": "KZ", "timezone": "Asia/Almaty"})["uid"]
    court = api.post(
        "organization", {"slug": "test-court", "name": "Test District Court", "kind": "court", "visibility": "public"}
    )["slug"]
    article = api.post(
        "legalarticle",
        {
            "slug": "kz-cc-174",
            "jurisdiction": "KZ",
            "code": "Criminal Code",
            "number": "174",
            "title": "Incitement of discord",
        },
    )["slug"]
    detainee = api.post("person", {"slug": "nurlan-fictionov", "name": "Nurlan Fictionov", "visibility": "public"})
    api.post("personname", {"person": detainee["slug"], "name": "Нурлан Фикционов", "language": "ru"})
    witness = api.post("person", {"slug": "aliya-secretova", "name": WITNESS, "visibility": "restricted"})
    api.post("personname", {"person": witness["slug"], "name": WITNESS_CYRILLIC})
    case = api.post(
        "case",
        {
            "slug": "fictionov",
            "title": "Detention of Nurlan Fictionov (2019)",
            "country": "KZ",
            "status": "detained",
            "effective": "2019-03-10~",
            "summary": "A fictional case entered through the API.",
        },
    )["slug"]
    public = {"case": case, "visibility": "public"}
    api.post("participant", {**public, "person": "nurlan-fictionov", "role": "detainee"})
    testimony = api.post(
        "participant", {"case": case, "person": "aliya-secretova", "role": "witness", "visibility": "restricted"}
    )
    arrest = api.post(
        "detention",
        {
            **public,
            "detainee": "nurlan-fictionov",
            "kind": "arrest",
            "place": almaty,
            "started": "2019-03-10T02:30:00+06:00",
            "ended": "2019-03-12",
        },
    )
    api.post("detention", {**public, "detainee": "nurlan-fictionov", "kind": "house_arrest", "started": "2019-03-12"})
    charge = api.post("charge", {**public, "defendant": "nurlan-fictionov", "article": article, "filed": "2019-03-11"})
    ruling = api.post(
        "ruling",
        {
            **public,
            "court": court,
            "defendant": "nurlan-fictionov",
            "decided": "2019-08-16",
            "verdict": "guilty",
            "fine_amount": "252000",
            "fine_currency": "KZT",
            "charges": [charge["uid"]],
        },
    )
    dates = ["2017", "2018-11", "2019-03-09", "2019-03-10T02:30:00+06:00", "2019-21"]
    events = [
        api.post(
            "event", {**public, "kind": "activity", "title": f"Event dated {date}", "occurred": date, "place": almaty}
        )
        for date in dates
    ]
    sources = [
        api.post("source", {"kind": "news_article", "title": f"Fictional report {number}", "visibility": "public"})
        for number in (1, 2, 3)
    ]
    cited = [("event", events[3]["uid"]), ("detention", arrest["uid"]), ("ruling", ruling["uid"])]
    for source, (kind, uid) in zip(sources, cited, strict=True):
        api.post("citation", {"source": source["uid"], "fact_kind": kind, "fact": uid, "quote": "as reported"})
    api.post("citation", {"source": sources[0]["uid"], "fact_kind": "participant", "fact": testimony["uid"]})
    api.post("teammember", {"case": case, "user": staff_username, "role": "staff"})
    return {"case": case, "events": events, "ruling": ruling}


def test_a_whole_case_through_the_api(client, editors, staff_member):
    first, second = editors
    entered = enter_case(Api(client, first), staff_member.username)
    detail = client.get(reverse("case-detail", args=["fictionov"]), **token_header(first)).json()
    # In timeline order: spring 2019 starts on 1 March, before the 9th.
    assert [event["occurred"] for event in detail["events"]] == [
        "2017",
        "2018-11",
        "2019-21",
        "2019-03-09",
        "2019-03-10T02:30:00+06:00",
    ]
    assert detail["rulings"][0]["fine_amount"] == "252000.00"
    assert detail["rulings"][0]["charges"] == [detail["charges"][0]["uid"]]
    assert len(detail["detentions"]) == 2 and len(detail["sources"]) == 3

    # Publishing needs four eyes: the editor who entered it asks for review, the other publishes.
    publication = f"/api/v1/cases/{entered['case']}/publication/"
    for editor, target in ((first, "in_review"), (first, "published"), (second, "published")):
        answer = client.post(publication, {"target": target}, content_type="application/json", **token_header(editor))
        assert answer.status_code == (400 if (editor, target) == (first, "published") else 200), answer.json()
    assert Case.objects.get(slug=entered["case"]).published_at is not None

    page = client.get(reverse("cases:detail", args=["fictionov"])).content.decode()
    assert "Nurlan Fictionov" in page and "around 10 March 2019" in page
    feed = client.get(reverse("cases:feed")).content.decode()
    assert "Detention of Nurlan Fictionov (2019)" in feed
    for term in ("Fictionov", "Фикционов"):
        found = client.get(reverse("search:search"), {"q": term}).content.decode()
        assert "Detention of Nurlan Fictionov (2019)" in found, term

    public_api = client.get(reverse("case-detail", args=["fictionov"])).content.decode()
    surfaces = {
        "page": page,
        "feed": feed,
        "case feed": client.get(reverse("cases:case-feed", args=["fictionov"])).content.decode(),
        "api": public_api,
        "people": client.get(reverse("person-list")).content.decode(),
        "citations": client.get(reverse("citation-list")).content.decode(),
        "search": client.get(reverse("search:search"), {"q": "Secretova"}).content.decode(),
        "search cyrillic": client.get(reverse("search:search"), {"q": "Секретова"}).content.decode(),
    }
    for surface, text in surfaces.items():
        for secret in (WITNESS, WITNESS_CYRILLIC, "aliya-secretova"):
            assert secret not in text, (surface, secret)
    assert "witness" not in public_api
