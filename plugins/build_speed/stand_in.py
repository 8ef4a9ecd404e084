"""A module as one of Pelican's modules sees it: the very module, but for the functions a subclass defines.

Pelican looks some functions up through a module it imported (`os.makedirs` in its
writer, `pickle.load` in its cache). Setting such a module name, in that one Pelican
module, to a StandIn changes what those calls do there and nowhere else; every other
name reads through to the real module. What relies on it says which internal it is
(internals.py).
"""

from __future__ import annotations

import types


class StandIn(types.ModuleType):
    """`module`, but for what a subclass defines."""

    def __init__(self, module: types.ModuleType):
        super().__init__(module.__name__)
        self._module = module

    def __getattr__(self, name):
        return getattr(self._module, name)
