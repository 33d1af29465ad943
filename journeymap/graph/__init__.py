"""The graph stage: a checked `ServiceMap` in, a networkx graph and its route questions out.

Takes the models from `read/`. Gives `build_graph` (one node per service, one edge per
direction of each link), the route questions every analysis, the app and the board report ask
(`routes`: fewest hand-offs and the route itself; `index`: services by area and searches
shared per graph; `ends`: where a route into treatment ends, the one rule every analysis
uses; `partners`: key local partners).
Must not import analyse, scenario, outputs, workshop, cli, ui, streamlit or plotly.
"""
