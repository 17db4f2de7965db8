"""The staff's admin: each module registers the admin pages of the records it names."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.admin import cases, people, records, sources  # noqa: F401  (registers the admin pages)
from cases.alerts import admin as alerts_admin  # noqa: F401  (webhooks, subscriptions, delivery log)
from cases.history import admin as history_admin  # noqa: F401  (the restricted-read log)

admin.site.site_header = _("Case tracker")
admin.site.site_title = _("Case tracker")
admin.site.index_title = _("Data entry")
