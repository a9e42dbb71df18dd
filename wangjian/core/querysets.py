"""Querysets with the jurisdiction filter every read goes through.

``visible_to(user)`` is the only way views, the API and the CLI list scoped objects; detail
lookups go through ``wangjian.core.access``. A user with no jurisdiction (platform, merchant,
consumer) sees no jurisdiction-scoped rows here; apps that give such users their own objects
add that rule in their own querysets.
"""

from django.db import models


def jurisdiction_path(user) -> str | None:
    """The path prefix of the user's jurisdiction, or None when they have none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    division = user.jurisdiction
    return None if division is None else division.path


class JurisdictionQuerySet(models.QuerySet):
    """Base for models that belong to a division; subclasses name the path lookup."""

    division_path_lookup = "division__path"

    def visible_to(self, user):
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        return self.filter(**{f"{self.division_path_lookup}__startswith": path})

    def inside(self, division):
        return self.filter(**{f"{self.division_path_lookup}__startswith": division.path})


class DivisionQuerySet(models.QuerySet):
    def by_code(self, code: str):
        """Look a division up by its 6-, 9- or 12-digit code."""
        from wangjian.core.divisions import normalise_division_code

        return self.get(code=normalise_division_code(code))

    def by_name(self, name: str):
        return self.filter(name=name)

    def inside(self, division):
        return self.filter(path__startswith=division.path)

    def visible_to(self, user):
        # Administrative divisions are public reference data (GB/T 2260 is a published
        # standard), so every signed-in user may read all of them.
        if user is None or not user.is_authenticated:
            return self.none()
        return self


class OrgUnitQuerySet(JurisdictionQuerySet):
    pass


class JobQuerySet(JurisdictionQuerySet):
    def visible_to(self, user):
        """The jobs ``user`` started, and the jobs in their jurisdiction whose kind their role
        may start (the capability over the job's subject): an evaluator or a partner department
        does not see a bureau's scans or evidence captures, nor the shop names in their progress.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        from wangjian.core.jobs import JOB_RUNNERS

        own = models.Q(created_by=user)
        path = jurisdiction_path(user)
        kinds = sorted(
            kind
            for kind, (_runner, capability) in JOB_RUNNERS.items()
            if user.has_capability(capability)
        )
        if path is None or not kinds:
            return self.filter(own)
        return self.filter(own | models.Q(kind__in=kinds, division__path__startswith=path))


class AuditEventQuerySet(JurisdictionQuerySet):
    pass
