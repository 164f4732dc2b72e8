"""Sizes of the demo region: from one municipality for tests to a whole country."""

from __future__ import annotations

from dataclasses import dataclass

YEARS = (2020, 2021, 2022, 2023, 2024)


@dataclass(frozen=True)
class Scale:
    """How big a demo to build.

    ``schools`` is the number of general-education schools per region; each municipality
    also gets ``preschools_per_municipality`` pre-school organisations (context data only).
    ``pupil_level=False`` keeps only school-level results (no pupil or skill rows).
    """

    name: str
    regions: int
    municipalities: int  # per region
    schools: int  # general-education schools per region
    pupil_level: bool = True
    experts: int = 150  # per region
    preschools_per_municipality: int = 1
    years: tuple[int, ...] = YEARS

    def __post_init__(self) -> None:
        if self.regions > 40 or self.municipalities > 99:
            raise ValueError("at most 40 regions of up to 99 municipalities have names and codes")


SCALES: dict[str, Scale] = {
    "district": Scale("district", regions=1, municipalities=1, schools=40, experts=40),
    "region": Scale("region", regions=1, municipalities=10, schools=320, experts=150),
    "large": Scale("large", regions=1, municipalities=30, schools=1000, experts=400),
    "national": Scale(
        "national",
        regions=40,
        municipalities=25,
        schools=1000,
        pupil_level=False,
        experts=60,
        preschools_per_municipality=0,
    ),
}


def resolve(scale: str | Scale) -> Scale:
    """Accept a scale name or a ready :class:`Scale` (tests use small custom ones)."""
    if isinstance(scale, Scale):
        return scale
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(
            f"unknown demo scale {scale!r}; choose one of {', '.join(SCALES)}"
        ) from None
