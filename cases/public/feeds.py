"""Atom feeds of public status changes: all cases, and one case. Only through the gate."""

from __future__ import annotations

import threading

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatusChange
from cases.visibility import public_cases, public_status_changes

FEED_SIZE = 50


class StatusChangesFeed(Feed):
    feed_type = Atom1Feed
    # The requesting host names the entry ids (tag: URIs, RFC 4151); one Feed object serves every thread.
    _request = threading.local()

    def __call__(self, request, *args, **kwargs):
        self._request.host = request.get_host().split(":")[0]
        self._request.about = request.build_absolute_uri(reverse("cases:about"))
        return super().__call__(request, *args, **kwargs)

    def author_name(self) -> str:
        # RFC 4287 wants an author on the feed or on every entry: the site itself speaks here.
        return _("Case tracker")

    def author_link(self) -> str:
        return self._request.about

    def title(self) -> str:
        return _("Case status changes")

    def subtitle(self) -> str:
        return _("Every change of status of the published cases.")

    def link(self) -> str:
        return reverse("cases:list")

    def items(self):
        return public_status_changes().order_by("-changed_at", "-pk")[:FEED_SIZE]

    def item_title(self, change: CaseStatusChange) -> str:
        return _("%(case)s: %(status)s") % {"case": change.case.title, "status": change.get_to_status_display()}

    def item_description(self, change: CaseStatusChange) -> str:
        if not change.from_status:
            return _("Status recorded: %(to)s.") % {"to": change.get_to_status_display()}
        return _("Status changed from %(from)s to %(to)s.") % {
            "from": change.get_from_status_display(),
            "to": change.get_to_status_display(),
        }

    def item_link(self, change: CaseStatusChange) -> str:
        return reverse("cases:detail", kwargs={"slug": change.case.slug}) + f"#status-{change.pk}"

    def item_guid(self, change: CaseStatusChange) -> str:
        """A tag: URI, stable for the life of the change and unique across sites running the tracker."""
        return f"tag:{self._request.host},{change.changed_at:%Y-%m-%d}:status-change/{change.pk}"

    def item_pubdate(self, change: CaseStatusChange):
        return change.changed_at

    def item_updateddate(self, change: CaseStatusChange):
        return change.changed_at


class CaseStatusFeed(StatusChangesFeed):
    def get_object(self, request, slug: str) -> Case:
        case = public_cases().filter(slug=slug).first()
        if case is None:
            raise Http404(_("Page not found."))
        return case

    def title(self, case: Case) -> str:
        return _("Status changes: %(case)s") % {"case": case.title}

    def subtitle(self, case: Case) -> str:
        return _("Every change of status of this case.")

    def link(self, case: Case) -> str:
        return case.get_absolute_url()

    def items(self, case: Case):
        return public_status_changes().filter(case=case).order_by("-changed_at", "-pk")[:FEED_SIZE]
