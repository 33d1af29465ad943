"""What-if scenarios (DESIGN §7): what a change to the local system would do, before it is made.

Takes a checked `ServiceMap` and scenario TOML files (or a `Scenario` built in the app); gives
the map with the changes made, as a copy (`apply.Applied`), and comparisons of before and after
(`compare.Comparison`: the findings resolved, new and kept, and the headline figures of each
area). Modules: `changes` (the records), `read` and `check` (a file checked against the map,
every problem as FILE:LINE), `apply`, `write` (back to TOML) and `compare`. It imports only the
stages before it (read, graph, analyse) and the shared modules; it must not import outputs,
workshop, cli, ui, streamlit or plotly. It re-exports nothing, so importing it stays cheap.
"""

__all__: list[str] = []
