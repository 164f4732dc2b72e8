"""Who may see what: a Scope is built from the logged-in user, never from browser input."""

from __future__ import annotations

from dataclasses import dataclass

PERSON_LEVEL_ROLES = frozenset({"admin", "region", "municipality"})
EDIT_ROLES = frozenset({"admin", "region", "municipality"})


class OutOfScope(PermissionError):
    """Raised when a request names an object outside the caller's scope."""

    def __init__(self, what: str, asked: object) -> None:
        super().__init__(f"{what} {asked!r} is outside the scope")
        self.what = what
        self.asked = asked


def row_id(value: object, what: str) -> int:
    """A row id from browser input (an int or its digits, in range); anything else is treated
    like an id outside the scope, so junk and a foreign id get the same answer."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise OutOfScope(what, value)
    try:
        number = int(value)
    except ValueError:
        raise OutOfScope(what, value) from None
    if not 0 < number < 2**31:
        raise OutOfScope(what, value)
    return number


@dataclass(frozen=True)
class Scope:
    """The rows a user may see: the whole region, one municipality, or one school.

    `role` decides whether other objects appear by name (admin, region) or only as
    aggregates (viewer everywhere; municipality outside its own; school outside itself).
    """

    login: str
    role: str
    region_id: int | None = None
    municipality_id: int | None = None
    school_id: int | None = None

    @property
    def key(self) -> str:
        """Stable cache-key part: two users with the same scope may share cached results."""
        return f"{self.role}:{self.region_id}:{self.municipality_id}:{self.school_id}"

    @property
    def sees_all_schools_by_name(self) -> bool:
        return self.role in {"admin", "region"}

    @property
    def sees_person_level(self) -> bool:
        """Pupil- and expert-level rows (names, participant codes)."""
        return self.role in PERSON_LEVEL_ROLES

    @property
    def aggregates_only(self) -> bool:
        return self.role == "viewer"

    def named_school_filter(self):
        """(kind, id) of the schools this user may see by name: 'all', 'municipality', 'school'."""
        if self.role in {"admin", "region"}:
            return ("all", None)
        if self.role == "municipality":
            return ("municipality", self.municipality_id)
        if self.role == "school":
            return ("school", self.school_id)
        return ("none", None)

    def describe(self) -> str:
        if self.school_id is not None:
            return f"{self.role} school={self.school_id}"
        if self.municipality_id is not None:
            return f"{self.role} municipality={self.municipality_id}"
        return f"{self.role} region={self.region_id}"


ANONYMOUS = Scope(login="", role="anonymous")
