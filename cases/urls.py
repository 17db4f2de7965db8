"""The "cases" namespace: the public pages and the staff pages."""

from cases.public import urls as public_urls
from cases.staff import urls as staff_urls

app_name = "cases"

urlpatterns = public_urls.urlpatterns + staff_urls.urlpatterns
