"""Small-number suppression, in one place: every aggregate shown passes through here."""

from __future__ import annotations

import pandas as pd

from dashboard import rules

COUNT_COLUMNS = ("marks_2", "marks_3", "marks_4", "marks_5")


def suppress_small(
    frame: pd.DataFrame, count_column: str = "participants", value_columns: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Blank the numbers of rows aggregated over fewer than OKO_MIN_CELL pupils.

    Adds a boolean `suppressed` column; blanked values become NaN and the count becomes NA,
    so charts and tables show «скрыто» with the rule in the legend.
    """
    frame = frame.copy()
    if frame.empty:
        frame["suppressed"] = pd.Series(dtype=bool)
        return frame
    small = frame[count_column].fillna(0).astype("float64") < rules.min_cell()
    frame["suppressed"] = small
    columns = [
        c for c in (*value_columns, "mean_percent", "mean_score", *COUNT_COLUMNS) if c in frame
    ]
    columns = list(dict.fromkeys(columns))
    if columns:
        frame[columns] = frame[columns].astype("float64")
        frame.loc[small, columns] = float("nan")
    frame[count_column] = frame[count_column].astype("Float64")
    frame.loc[small, count_column] = pd.NA
    return frame
