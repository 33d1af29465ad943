"""The workshop stage: women's journeys as they are told, kept on this machine, and pooled.

Takes what the Workshop page collects (`entries.StepEntry`) and journeys.csv files. Gives the
SQLite journey store (`store`, in the folder `paths` finds), journeys.csv export
(`transfer`), pooled figures that keep the small-number rule (`pooled`), the note privacy
check (`privacy`), the journey drawings (`charts`), her consent (`consent`), the facilitator
PIN (`pin`), the Pause screen's support contacts (`support`), the barriers shown first
(`first_barriers`) and every word she may read (`words`, data/words/*.csv). Must not import cli,
ui or streamlit.
"""
