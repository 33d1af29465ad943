"""The outputs stage: findings and figures in, files and pictures out.

Takes findings (`analyse/`) and applied scenarios (`scenario/`). Gives the gap report CSV
(`report`), exports for other tools (`export`: GraphML, GEXF, JSON, Kumu, Excel), the tables
and plotly figures the app shows (`tables`, `charts`, `severity_chart`, `change_chart`, the
`layout` of the drawings) and the board report (`brief`), all as pure functions. Words and
colours come from `labels`. Must not import workshop, cli, ui or streamlit.
"""
