from django.urls import path

from cases.staff import review, views

urlpatterns = [
    path("staff/", views.staff_case_list, name="staff-list"),
    path("staff/review/", review.review_list, name="staff-review"),
    path("staff/cases/<slug:slug>/timeline/", views.case_timeline, name="staff-timeline"),
    path("staff/cases/<slug:slug>/timeline/print.css", views.case_print_css, name="staff-timeline-print-css"),
    path("staff/cases/<slug:slug>/preview/", views.case_preview, name="staff-preview"),
    path("staff/cases/<slug:slug>/publication/", views.case_publication, name="staff-publication"),
]
