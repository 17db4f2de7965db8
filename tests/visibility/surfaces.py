"""The surface matrix's world and its list of surfaces, both built from the code itself.

The world: a published and a draft case, each with one record of every kind at every
level, every free-text field holding a canary that names its level and its case
("CANARYRESTRICTEDPUBParticipantnotesZz"). The surfaces: every URL pattern, every admin
page and autocomplete, every GET path of the OpenAPI schema, with their converters filled
from the planted records.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django.contrib import admin
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import Case, Event, OrganizationInvolvement
from cases.open_data.dataset import CSV_TABLES
from cases.services.status import case_change_status
from people.models import PersonName
from tests import factories

LEVELS = ("public", "internal", "restricted")
CASE_TAGS = {"published": "PUB", "draft": "DRF"}
CANARY_PREFIX = "CANARY"
MISSING_SLUG = "no-such-record-7f3a"
MISSING_UUID = "00000000-0000-4000-8000-00000000dead"
MISSING_PK = "987654321"


def canary(level: str, tag: str, model: type[models.Model], field_name: str) -> str:
    # Letters only (markdown, slugify and escaping leave them alone); "Zz" ends it, so no
    # canary is a prefix of another (Person "name" vs PersonName "name").
    return f"{CANARY_PREFIX}{level.upper()}{tag}{model.__name__}{field_name.replace('_', '')}Zz"


def is_internal_only(f: models.Field) -> bool:
    """Fields only staff and the team read whatever the record's level (internal notes)."""
    return "internal" in str(f.verbose_name).lower()


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """Free-text fields: Char/Text, not slugs, choices, URLs, emails, computed or too short for a canary."""
    fields = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, (models.CharField, models.TextField)):
            continue
        if isinstance(f, (models.SlugField, models.URLField, models.EmailField)) or f.choices or not f.editable:
            continue
        if f.max_length is not None and f.max_length < 48:
            continue
        fields.append(f)
    return fields


LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def field_level(record_level: str, f: models.Field) -> str:
    if is_internal_only(f) and LEVEL_RANK[record_level] < LEVEL_RANK["internal"]:
        return "internal"
    return record_level


@dataclass
class Planted:
    """A planted canary: the text, its level, its case; `floating` for records tied to no case (organizations)."""

    text: str
    level: str
    case: Case
    floating: bool = False


@dataclass
class World:
    users: dict
    cases: dict[str, Case]
    canaries: list[Planted] = field(default_factory=list)
    # kind -> list of (url value, case, level) for detail surfaces
    objects: dict[str, list[tuple[str, Case, str]]] = field(default_factory=dict)
    admin_objects: list[tuple[models.Model, Case | None, str]] = field(default_factory=list)

    def add(self, kind: str, value, case: Case, level: str) -> None:
        self.objects.setdefault(kind, []).append((str(value), case, level))


def _fill(world: World, record: models.Model, level: str, tag: str, case: Case, *, floating: bool = False) -> None:
    """Write a canary into every free-text field of `record` and save it."""
    model = type(record)
    for f in text_fields(model):
        lvl = field_level(level, f)
        text = canary(lvl, tag, model, f.name)
        setattr(record, f.name, text)
        world.canaries.append(Planted(text, lvl, case, floating))
    record.save()


def build_world(users: dict) -> World:
    from cases.models import CaseStatusChange

    cases: dict[str, Case] = {}
    world = World(users=users, cases=cases)
    article = factories.LegalArticleFactory(slug="matrix-article")
    world.add("article", article.slug, None, "public")
    for publication, tag in CASE_TAGS.items():
        case = factories.CaseFactory(publication=publication, slug=f"matrix-{publication}")
        cases[publication] = case
        for member in (
            factories.TeamMemberFactory(case=case, user=users["staff_team"], role="staff"),
            factories.TeamMemberFactory(case=case, user=users["lawyer_team"], role="lawyer"),
        ):
            # Who works on a case is internal: staff and the case's team.
            world.add("teammember", member.uid, case, "internal")
        _fill(world, case, "public", tag, case)
        world.add("case", case.slug, case, "public")
        world.admin_objects.append((case, case, "public"))
        case_change_status(case=case, status="released", by=users["editor"], note="x")
        case.refresh_from_db()
        for change in CaseStatusChange.objects.filter(case=case):
            _fill(world, change, "internal", tag, case)
            world.add("statuschange", change.uid, case, "public")
            world.admin_objects.append((change, case, "public"))
        for level in LEVELS:
            slug = f"matrix-{tag.lower()}-{level}"
            org = factories.OrganizationFactory(slug=f"{slug}-org", kind="court", visibility=level)
            _fill(world, org, level, tag, case, floating=True)
            world.add("organization", org.slug, case, level)
            person = factories.PersonFactory(slug=f"{slug}-person", visibility=level)
            _fill(world, person, level, tag, case)
            world.add("person", person.slug, case, level)
            alias = PersonName(person=person)
            _fill(world, alias, level, tag, case)
            participant = factories.ParticipantFactory(case=case, person=person, visibility=level, organization=org)
            _fill(world, participant, level, tag, case)
            detention = factories.DetentionFactory(case=case, detainee=person, visibility=level, authority=org)
            _fill(world, detention, level, tag, case)
            charge = factories.ChargeFactory(case=case, defendant=person, visibility=level, article=article)
            _fill(world, charge, level, tag, case)
            ruling = factories.CourtRulingFactory(case=case, defendant=person, court=org, visibility=level)
            _fill(world, ruling, level, tag, case)
            event = factories.EventFactory(case=case, visibility=level)
            _fill(world, event, level, tag, case)
            source = factories.SourceFactory(visibility=level, url=f"https://news.example.org/{slug}")
            _fill(world, source, level, tag, case)
            citation = factories.CitationFactory(source=source, event=event)
            _fill(world, citation, level, tag, case)
            citation_of_case = factories.CitationFactory(source=source, case=case, quote="")
            place = factories.PlaceFactory(name=f"{slug}-place")
            _fill(world, place, level, tag, case)
            Event.objects.filter(pk=event.pk).update(place=place)
            involvement = OrganizationInvolvement(case=case, organization=org, role="support", visibility=level)
            _fill(world, involvement, level, tag, case)
            for kind, record in (("citation", citation), ("personname", alias), ("place", place)):
                world.add(kind, record.uid, case, level)
            world.add("involvement", involvement.uid, case, level)
            for kind, record in (
                ("participant", participant),
                ("detention", detention),
                ("charge", charge),
                ("ruling", ruling),
                ("event", event),
                ("source", source),
            ):
                world.add(kind, record.uid, case, level)
            for record in (org, person, alias, participant, detention, charge, ruling, event, source, citation):
                world.admin_objects.append((record, case, level))
            world.admin_objects.append((citation_of_case, case, level))
    return world


# ---------------------------------------------------------------- surfaces


@dataclass(frozen=True)
class Surface:
    url: str
    # For a detail surface: what it shows (kind, case, level); None for lists.
    target: tuple[str, Case | None, str] | None = None
    # The URL of the same surface for a record that does not exist (hidden must answer alike).
    missing_url: str | None = None


# Skipped on purpose, each with why. Everything else the resolver knows is requested.
SKIP_NAMES = {
    "logout": "signs the client out (POST in Django 5 anyway)",
    "sign_out_everywhere": "changes state: ends every session",
    "two_factor_setup": "GET creates a pending TOTP device",
    "two_factor_recovery_codes": "GET issues new recovery codes",
    "two_factor_disable": "changes 2FA state",
    "set_language": "POST-only",
    "alerts:follow": "POST-only (require_POST)",
    "alerts:retry": "POST-only (require_POST)",
}
SKIP_PREFIXES = {
    "api/": "covered from the OpenAPI schema below",
}

# slug URL names -> which planted kind fills them (by name; the rest by their prefix)
SLUG_KIND_BY_NAME = {"alerts:subscribe_article": "article", "people:detail": "person"}
SLUG_KIND_BY_PREFIX = (("people/", "person"), ("organizations", "organization"), ("legal-articles", "article"))
UID_KIND_BY_PREFIX = {
    "charges": "charge",
    "detentions": "detention",
    "rulings": "ruling",
    "events": "event",
    "sources": "source",
    "status-changes": "statuschange",
    "citations": "citation",
    "participants": "participant",
    "person-names": "personname",
    "places": "place",
    "team-members": "teammember",
    "involvements": "involvement",
}


def _walk(resolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin" or pattern.namespace == "admin":
                continue  # the admin is covered from its registry below
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            yield route, namespace + (pattern.name or ""), pattern


CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _slug_kind(name: str, route: str) -> str:
    if name in SLUG_KIND_BY_NAME:
        return SLUG_KIND_BY_NAME[name]
    for prefix, kind in SLUG_KIND_BY_PREFIX:
        if route.startswith(prefix):
            return kind
    return "case"


def resolver_surfaces(world: World) -> tuple[list[Surface], list[str]]:
    surfaces, skipped = [], []
    for route, name, _pattern in _walk(get_resolver()):
        if name in SKIP_NAMES or any(route.startswith(p) for p in SKIP_PREFIXES):
            skipped.append(route)
            continue
        converters = CONVERTER.findall(route)
        if not converters:
            surfaces.append(Surface("/" + route))
            continue
        if len(converters) > 1:
            skipped.append(route)
            continue
        conv, arg = converters[0]

        def url_with(value: str, route=route) -> str:
            return "/" + CONVERTER.sub(value, route, count=1)

        if conv == "slug" and arg == "table":
            surfaces += [Surface(url_with(t)) for t in CSV_TABLES]
        elif conv == "slug":
            kind = _slug_kind(name, route)
            for value, case, level in world.objects[kind]:
                surfaces.append(Surface(url_with(value), (kind, case, level), url_with(MISSING_SLUG)))
        elif conv == "uuid":
            for value, case, level in world.objects["source"]:  # documents are sources
                surfaces.append(Surface(url_with(value), ("source", case, level), url_with(MISSING_UUID)))
        elif conv == "int":
            surfaces.append(Surface(url_with(MISSING_PK)))
        else:  # str: a country code or a token
            surfaces.append(Surface(url_with("KZ" if arg == "code" else "not-a-real-token")))
    return surfaces, skipped


def admin_surfaces(world: World) -> list[Surface]:
    surfaces = [Surface(reverse("admin:index"))]
    planted = {}
    for obj, case, level in world.admin_objects:
        planted.setdefault(type(obj), []).append((obj, case, level))
    autocomplete = reverse("admin:autocomplete")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        surfaces.append(Surface(reverse(f"{base}_changelist")))
        surfaces.append(Surface(reverse(f"{base}_changelist") + f"?q={CANARY_PREFIX}"))
        missing_change = reverse(f"{base}_change", args=[MISSING_PK])
        missing_history = reverse(f"{base}_history", args=[MISSING_PK])
        for obj, case, level in planted.get(model, []):
            target = (opts.model_name, case, level)
            surfaces.append(Surface(reverse(f"{base}_change", args=[obj.pk]), target, missing_change))
            surfaces.append(Surface(reverse(f"{base}_history", args=[obj.pk]), target, missing_history))
        for field_name in model_admin.autocomplete_fields:
            query = f"app_label={opts.app_label}&model_name={opts.model_name}&field_name={field_name}"
            surfaces.append(Surface(f"{autocomplete}?{query}&term={CANARY_PREFIX}"))
            surfaces.append(Surface(f"{autocomplete}?{query}&term=matrix"))
    return surfaces


def api_surfaces(world: World, schema: dict) -> list[Surface]:
    surfaces = [Surface("/api/schema/?format=json"), Surface("/api/v1/"), Surface("/api/docs/")]
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        params = re.findall(r"\{(\w+)\}", path)
        if not params:
            surfaces.append(Surface(path))
            surfaces.append(Surface(f"{path}?search={CANARY_PREFIX}"))
            if path == "/api/v1/cases/":
                surfaces.append(Surface(f"{path}?format=csv"))
            continue
        resource = path.removeprefix("/api/v1/").split("/")[0]
        if params == ["slug"]:
            kind = dict(SLUG_KIND_BY_PREFIX).get(resource, "case")
            kind = {"people": "person"}.get(resource, kind)
            missing = MISSING_SLUG
        elif params == ["uid"]:
            kind, missing = UID_KIND_BY_PREFIX[resource], MISSING_UUID
        else:
            raise AssertionError(f"no planted value for {path}: add it to the surface matrix")
        for value, case, level in world.objects[kind]:
            placeholder = f"{{{params[0]}}}"
            surfaces.append(
                Surface(path.replace(placeholder, value), (kind, case, level), path.replace(placeholder, missing))
            )
    return surfaces


def extra_surfaces() -> list[Surface]:
    """Query strings the resolver cannot know: search and filters, asked for the canary."""
    return [
        Surface(f"/search/?q={CANARY_PREFIX}"),
        Surface("/search/?q=matrix"),
        Surface(f"/?q={CANARY_PREFIX}"),
        Surface(f"/staff/?q={CANARY_PREFIX}"),
    ]


def fresh_uuid() -> str:
    return str(uuid.uuid4())
