"""How the work runs, not what it computes: analyses in one process per core (`parallel`) and
garbage collection paused while large maps are built (`gcpause`).

Takes plain callables; gives their results. Must not import any other part of journeymap, nor
streamlit or plotly.
"""
