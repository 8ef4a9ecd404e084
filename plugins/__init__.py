"""The blog's Pelican plugins, one package each (see each package's docstring)."""
