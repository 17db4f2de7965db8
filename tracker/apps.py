from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Security")

    def ready(self) -> None:
        from tracker import checks, page_cache, signals  # noqa: F401  (registers checks and signal receivers)

        page_cache.watch_writes()


class TrackerAdminConfig(AdminConfig):
    """The admin, with the site that asks for a one-time code from those who need one."""

    default_site = "tracker.admin_site.TrackerAdminSite"
