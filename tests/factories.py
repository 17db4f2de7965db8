"""factory_boy factories for every model; tests build what they need, no fixtures files."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.models import (
    Case,
    CaseTeamMember,
    Charge,
    Citation,
    CourtRuling,
    Detention,
    Event,
    LegalArticle,
    Participant,
    Place,
    Source,
)
from cases.services.status import case_create
from people.models import Organization, Person, PersonName
from tracker import roles
from tracker.guarded import guarded_write

TEST_PASSWORD = "correct horse battery staple"


def role_group(name: str) -> Group:
    """A role's group; transactional tests flush the rows the roles migration made, so remake them."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        roles.ensure_role_groups()
        group = Group.objects.get(name=name)
    return group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person Number{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    visibility = "public"


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Alias Number{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = "ngo"
    country = "KZ"
    visibility = "public"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("name", "country", "region")

    name = "Almaty"
    country = "KZ"
    region = ""


class CaseFactory(factory.django.DjangoModelFactory):
    """Cases are born through case_create, so their first status is recorded as in real use."""

    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Detention of Person {n} (2019)")
    slug = factory.Sequence(lambda n: f"case-{n}")
    country = "KZ"
    status = "detained"
    publication = "published"

    @classmethod
    def _create(cls, model_class, *args, by=None, publication="draft", **kwargs):
        case = case_create(case=model_class(*args, **kwargs), by=by)
        if publication != "draft":
            set_publication(case, publication)
        return case


def set_publication(case: Case, publication: str) -> Case:
    """Test set-up: put a case in any publication state at once, without the review steps."""
    fields = {"publication": publication}
    if publication == "published" and case.published_at is None:
        fields["published_at"] = timezone.now()
    with guarded_write("publication"):
        Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def set_visibility(record, visibility: str):
    """Test set-up: give a record any visibility at once, without the editor rule."""
    with guarded_write("visibility"):
        type(record).objects.filter(pk=record.pk).update(visibility=visibility)
    record.refresh_from_db()
    return record


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTeamMember

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    role = "lawyer"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    role = "detainee"
    visibility = "public"


class LegalArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalArticle
        django_get_or_create = ("jurisdiction", "code", "number", "part")

    slug = factory.Sequence(lambda n: f"article-{n}")
    jurisdiction = "KZ"
    code = "Criminal Code"
    number = factory.Sequence(lambda n: str(100 + n))
    part = ""
    title = "Incitement of social, national, clan, racial, class or religious discord"


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charge

    case = factory.SubFactory(CaseFactory)
    defendant = factory.SubFactory(PersonFactory)
    article = factory.SubFactory(LegalArticleFactory)
    filed_on = dt.date(2019, 3, 10)
    visibility = "public"


class DetentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Detention

    case = factory.SubFactory(CaseFactory)
    detainee = factory.SubFactory(PersonFactory)
    kind = "arrest"
    started_on = dt.date(2019, 3, 10)
    visibility = "public"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    case = factory.SubFactory(CaseFactory)
    kind = "hearing"
    title = factory.Sequence(lambda n: f"Hearing {n}")
    occurred_on = dt.date(2019, 4, 1)
    visibility = "public"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = "news_article"
    title = factory.Sequence(lambda n: f"News report {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    language = "en"
    published_on = dt.date(2019, 3, 10)
    reliability = "B"
    visibility = "public"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    quote = "a short supporting quote"


class CourtRulingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourtRuling

    case = factory.SubFactory(CaseFactory)
    court = factory.SubFactory(OrganizationFactory, kind="court")
    defendant = factory.SubFactory(PersonFactory)
    decided_on = dt.date(2019, 2, 15)
    verdict = "guilty"
    visibility = "public"
