from django import template

from cases.admin import guides

register = template.Library()


@register.simple_tag
def error_summary(adminform, inline_admin_formsets):
    return guides.error_summary(adminform, inline_admin_formsets)


@register.simple_tag
def section_links(adminform, inline_admin_formsets):
    return guides.section_links(adminform, inline_admin_formsets)
