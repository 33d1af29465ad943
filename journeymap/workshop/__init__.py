"""The workshop stage: women's journeys as they are told, kept on this machine, and pooled.

Takes what the Workshop page collects (`entries.StepEntry`) and journeys.csv files. Gives the
SQLite journey store (`store`, in the folder `paths` finds), journeys.csv export
(`transfer`), pooled figures that keep the small-number rule (`pooled`), the note privacy
check (`privacy`) and the journey drawings (`charts`). Must not import cli, ui or streamlit.
"""
