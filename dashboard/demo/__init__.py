"""Deterministic synthetic demo region for `oko demo` (see build.py for the entry point).

from dashboard.demo import build, SCALES
summary = build(engine, scale="region", seed=42, reset=False)
"""

from dashboard.demo.build import BuildSummary, DemoExists, build
from dashboard.demo.scales import SCALES, Scale

__all__ = ["SCALES", "BuildSummary", "DemoExists", "Scale", "build"]
