"""The Streamlit app's pages and shared widgets: the only package code that imports streamlit.

Each page is a module with a `render()` function, listed once in `app.py`'s PAGES. Pages are
thin: they ask `state.current()` for the analysed map and call the package for everything else.
"""
