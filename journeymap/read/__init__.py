"""The read stage: the files a commissioner has → a checked `ServiceMap`, or every problem.

It takes a map folder of CSV files (`services.csv`, `links.csv`, and optionally `journeys.csv`,
`areas.csv`, `standards.csv`, `personas.csv`), the same files uploaded loose or as one zip
(`upload`, `zips`), and Open Referral directories as a CSV package, a zip or saved API pages
(`oruk`); it also makes synthetic maps for scale tests (`synth`). It gives a `ServiceMap` whose
every cell has been checked (`load`, `cells`, `rules`), or raises `MapError` with every
`Problem` at once as `FILE:LINE`; and it writes a map back as CSV files (`write`), each
atomically, whole or not at all (`atomic`). Being first, it imports only the shared modules
(`vocab`, `labels`, `models`, `problems`, `resources`, `runtime`); it must not import `graph`,
`analyse`, `scenario`, `outputs`, `workshop`, `cli` or `ui`, nor `streamlit` or `plotly`.
"""

__all__: list[str] = []
