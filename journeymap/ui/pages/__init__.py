"""The app's pages, one module each with a `render()` function, listed in `app.py`.

Pages are thin: each asks `ui.state.current()` for the analysed map and calls the package for
everything it shows. A page must not import another page; what two pages share lives in `ui/`.
"""
