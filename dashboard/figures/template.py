"""One figure template, a colour-blind-safe palette and Russian number formatting."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARK_COLOURS = {2: "#D55E00", 3: "#E69F00", 4: "#56B4E9", 5: "#009E73"}
MUTED = "#9AA5B1"
# The user's own school or municipality: a colour no category of any chart uses (the palette
# above holds every category colour), drawn with a dark outline so it reads in greyscale too.
OWN_COLOUR = "#5B2A86"
OWN_OUTLINE = "#1B1B1B"
OWN_SYMBOL = "star"
# Kept for the comparison lines and reference marks that are not «own» (a dashed region line).
HIGHLIGHT = OWN_COLOUR
# Charts a person can read: no more categories than this on a default chart.
MAX_CATEGORIES = 40

# Decimal comma and a thin space between thousands, as Russian typography wants.
SEPARATORS = ",\u2009"
# The modebar speaks Russian: assets/01-plotly-locale-ru.js registers plotly's «ru» dictionary.
# No Chart Studio links («Share chart», «Edit in Chart Studio»): nothing leaves the server.
# Its camera saves a PNG at twice the screen resolution (sharp on a slide); plotly has no SVG
# button, so assets/chart-a11y.js adds «Сохранить в формате SVG» next to it. Selection tools
# are left out: no chart here reacts to a lasso or box selection.
GRAPH_CONFIG = {
    "locale": "ru",
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "toImageButtonOptions": {"format": "png", "filename": "oko-chart", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        colorway=PALETTE,
        separators=SEPARATORS,
        font={
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
            "size": 13,
        },
        margin={"l": 48, "r": 16, "t": 48, "b": 48},
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"gridcolor": "#E5E8EB", "zeroline": False},
        yaxis={"gridcolor": "#E5E8EB", "zeroline": False},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"namelength": -1},
    )
)
pio.templates["oko"] = TEMPLATE


def base_figure(title: str = "", note: str = "") -> go.Figure:
    """An empty figure in the OKO template; `note` (source, suppression rule) goes underneath."""
    fig = go.Figure(layout={"template": TEMPLATE, "title": {"text": title}})
    if note:
        fig.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=-0.18,
            showarrow=False,
            xanchor="left",
            font={"size": 11, "color": "#5F6B7A"},
        )
    return fig


def own_marker(size: int) -> dict:
    """The marker of the user's own school: a violet star with a dark outline."""
    return {
        "color": OWN_COLOUR,
        "symbol": OWN_SYMBOL,
        "size": size,
        "line": {"width": 1.5, "color": OWN_OUTLINE},
    }


def note_below(fig: go.Figure, text: str, below: int = 26) -> None:
    """A source or date note `below` pixels under the plot: a fixed distance, not a share of
    the height, so it never lands on the tick labels or the axis title of a tall or short chart
    (26 px clears the tick labels; about 60 px also clears an x-axis title)."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-below,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#5F6B7A"},
    )


def empty_figure(message: str) -> go.Figure:
    """A figure that says why it is empty instead of drawing blank axes."""
    fig = go.Figure(layout={"template": TEMPLATE})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=message, showarrow=False, font={"size": 15, "color": "#5F6B7A"})
    return fig


def safe_label(value: object) -> str:
    """Escape names from the data before plotly sees them: plotly renders a subset of HTML
    in text, so a school called '<b>…' must arrive as entities and show as typed."""
    import html

    return html.escape(str(value), quote=False)


def forest(labels: list[str], estimate, low, high, hover: list[str], x_title: str) -> go.Figure:
    """Estimates with their intervals, one row per label, and the zero line («no effect»):
    the effect of measures (/decisions/effectiveness) and of training (/training). A row with
    no interval (too few schools) has a point only."""
    estimate = pd.Series(estimate, dtype="float64").reset_index(drop=True)
    low = pd.Series(low, dtype="float64").reset_index(drop=True)
    high = pd.Series(high, dtype="float64").reset_index(drop=True)
    fig = base_figure()
    fig.add_scatter(
        x=estimate,
        y=labels,
        mode="markers",
        marker={"color": PALETTE[0], "size": 10, "symbol": "square"},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (high - estimate).fillna(0).to_numpy(),
            "arrayminus": (estimate - low).fillna(0).to_numpy(),
            "color": PALETTE[0],
            "thickness": 2,
            "width": 6,
        },
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    fig.add_vline(x=0, line={"color": PALETTE[7], "dash": "dash", "width": 1})
    fig.update_xaxes(title_text=x_title, zeroline=False)
    fig.update_yaxes(automargin=True)
    fig.update_layout(margin={"t": 24, "b": 60, "l": 24}, showlegend=False)
    return fig
