"""Guarded fields: written by their one service, refused everywhere else.

A case's status and publication and every record's visibility decide what the public
sees and what alerts go out. Each changes through one service, which checks the rules
(four eyes, the editor rule) and writes an attributed history row:

- status: cases.services.status.case_change_status;
- publication: cases.services.publication.case_set_publication;
- visibility: cases.services.publication.record_set_visibility.

The services open the fields they write with `guarded_write(...)`. Outside such a block
the model refuses a save() that changes a guarded field, and its queryset refuses an
update() or bulk_update() that names one. An ordinary save() of a loaded copy never
writes the guarded fields back, so a form or serializer holding a copy loaded before a
service ran cannot undo what the service did.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

_open: ContextVar[frozenset[str]] = ContextVar("guarded_open", default=frozenset())


@contextmanager
def guarded_write(*fields: str) -> Iterator[None]:
    """Let the enclosed code write these guarded fields; only the services call this."""
    token = _open.set(_open.get() | frozenset(fields))
    try:
        yield
    finally:
        _open.reset(token)


def closed_fields(model) -> list[str]:
    """The guarded fields of `model` that may not be written here and now."""
    open_now = _open.get()
    return [name for name in getattr(model, "guarded_fields", ()) if name not in open_now]


def refusal(model, names) -> ValidationError:
    return ValidationError(
        {
            name: _("“%(field)s” of a %(model)s changes only through its own action, which records who and why.")
            % {"field": model._meta.get_field(name).verbose_name, "model": model._meta.verbose_name}
            for name in names
        },
        code="guarded_field",
    )


class GuardedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        self._refuse_guarded(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        self._refuse_guarded(fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def _refuse_guarded(self, names) -> None:
        closed = [name for name in closed_fields(self.model) if name in names]
        if closed:
            raise refusal(self.model, closed)


class GuardedModel(models.Model):
    """A model some of whose fields change only through their service (see the module's docstring)."""

    guarded_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        closed = closed_fields(type(self))
        if closed and not self._state.adding and self.pk is not None:
            changed = [name for name in self.guarded_changes() if name in closed]
            if changed:
                raise refusal(type(self), changed)
            update_fields = kwargs.get("update_fields")
            if update_fields is None:
                update_fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [name for name in update_fields if name not in closed]
        elif self._state.adding:
            self.guard_insert(closed)
        super().save(*args, **kwargs)
        self._remember_guarded()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_guarded()
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._remember_guarded()

    def _remember_guarded(self) -> None:
        # Deferred fields are not in __dict__; they were not loaded, so they cannot have been changed.
        self._guarded_loaded = {name: self.__dict__[name] for name in self.guarded_fields if name in self.__dict__}

    def guarded_stored(self) -> dict:
        """The guarded values as this copy was loaded, or as the database holds them now."""
        loaded = getattr(self, "_guarded_loaded", None)
        if loaded is None:
            # A copy built by hand or from a history row: compare with the database.
            loaded = type(self)._base_manager.filter(pk=self.pk).values(*self.guarded_fields).first() or {}
        return loaded

    def guarded_changes(self) -> dict[str, tuple]:
        """{field: (stored, new)} for each guarded field this unsaved copy changes."""
        if self._state.adding or self.pk is None:
            return {}
        stored = self.guarded_stored()
        return {
            name: (stored[name], getattr(self, name))
            for name in self.guarded_fields
            if name in stored and getattr(self, name) != stored[name]
        }

    def guard_insert(self, closed: list[str]) -> None:
        """Refuse a new row whose guarded values only a service may choose; none by default."""


class VisibilityGuarded(GuardedModel):
    """A record whose `visibility` changes only through record_set_visibility."""

    guarded_fields = ("visibility",)

    objects = GuardedQuerySet.as_manager()

    class Meta:
        abstract = True
