from django.urls import path

from tracker import token_views, views

urlpatterns = [
    path("two-factor/", views.two_factor, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("api-token/", token_views.api_token, name="api_token_page"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
