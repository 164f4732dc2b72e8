"""The `/schools` selection: the list's filters, the open tab (list or map) and the map's
colour, parsed defensively from the controls or the query string, and written back so a
filtered list can be shared."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs
from callbacks.query import from_query, to_query

COLOURS = ("vpr_mean", "pupils", "oge_maths")
DEFAULT_COLOUR = "vpr_mean"
VIEWS = ("list", "map")  # the tabs; the map is drawn only when its tab is open
DEFAULT_VIEW = "list"


def choices(value: object) -> tuple[str, ...]:
    """A multi-select value (a list, or 'a,b' from the address): short strings only, in order."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return ()
    found = [inputs.text(v, 200) for v in value[:100]]
    return tuple(dict.fromkeys(v for v in found if v is not None))


@dataclass(frozen=True)
class Selection:
    municipalities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    localities: tuple[str, ...] = ()
    colour: str = DEFAULT_COLOUR
    view: str = DEFAULT_VIEW

    @classmethod
    def parse(
        cls, municipality=None, kind=None, locality=None, colour=None, view=None
    ) -> Selection:
        colour, view = inputs.text(colour, 20), inputs.text(view, 20)
        return cls(
            choices(municipality),
            choices(kind),
            choices(locality),
            colour if colour in COLOURS else DEFAULT_COLOUR,
            view if view in VIEWS else DEFAULT_VIEW,
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """The selection an address asks for (`?municipality=a,b&kind=lyceum&view=map`)."""
        query = from_query(search)
        names = ("municipality", "kind", "locality", "colour", "view")
        return cls.parse(*(query.get(name) for name in names))

    def filters(self) -> dict[str, tuple[str, ...]]:
        """school_list column → the values kept (an empty choice keeps every school)."""
        return {
            "municipality": self.municipalities,
            "kind": self.kinds,
            "locality": self.localities,
        }

    def query(self) -> str:
        """'?municipality=…&kind=…' (empty parts, the default colour and tab left out)."""
        return to_query(
            {
                "municipality": list(self.municipalities),
                "kind": list(self.kinds),
                "locality": list(self.localities),
                "colour": None if self.colour == DEFAULT_COLOUR else self.colour,
                "view": None if self.view == DEFAULT_VIEW else self.view,
            }
        )
