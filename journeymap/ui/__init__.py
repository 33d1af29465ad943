"""The Streamlit app: the only package code that imports streamlit.

Takes everything before it (the analysed map through `state.current()`, the outputs, the
workshop store). Gives the pages (`ui/pages/`, listed once in `app.py`) and what they share:
map choice and caching (`state`, `cached`), the command line (`args`), widgets, safe text
(`safe`), the access gate, the scenario builder and the step form; and the workshop room's
safety: workshop mode (`mode`), Pause (`pause`), the facilitator PIN and panel
(`facilitator`), consent (`consent_form`) and the session's words (`speech`). Pages are thin
and call the package for everything else. Must not import cli (the two front ends are independent).
"""
