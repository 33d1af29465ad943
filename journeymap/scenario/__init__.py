"""The scenario stage (docstring written with its split; must not import later stages)."""
