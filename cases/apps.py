from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from cases.evidence import signals  # noqa: F401 (connects the capture of new sources)
        from cases.history import four_eyes  # noqa: F401  (connects the four-eyes marker)
