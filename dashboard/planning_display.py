"""What the planning pages' figures and tables share: the figures' layout and how fees read.

No st.* calls.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.render import CURRENCY_SYMBOL


def format_fee(amount: float, currency: str) -> str:
    """A fee or unit cost, small ones with their decimals: (0.0051, 'USD') -> '$0.0051',
    (4.8, 'USD') -> '$4.80', (45000, 'JPY') -> '¥45,000'."""
    symbol = CURRENCY_SYMBOL.get(currency.upper(), f"{currency.upper()} ")
    if amount >= 100:
        return f"{symbol}{amount:,.0f}"
    return f"{symbol}{amount:.2f}" if amount >= 0.1 else f"{symbol}{amount:.2g}"


def layout(fig: go.Figure, *, height: int) -> go.Figure:
    """Compact margins, the legend in one row above the plot."""
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      hovermode="closest", barmode="overlay", bargap=0,
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0})
    return fig
