"""A module as one of Pelican's modules sees it: the very module, but for the functions a subclass defines.

Pelican looks some functions up through a module it imported (`os.makedirs` in its
writer, `pickle.load` in its cache). Setting such a module name, in that one Pelican
module, to a StandIn changes what those calls do there and nowhere else; every other
name reads through to the real module. What relies on it says which internal it is
(internals.py).
"""

from __future__ import annotations

import types
from collections.abc import Iterable


class StandIn(types.ModuleType):
    """`module`, but for what a subclass defines."""

    def __init__(self, module: types.ModuleType):
        super().__init__(module.__name__)
        self._module = module

    def __getattr__(self, name):
        return getattr(self._module, name)


def is_the_librarys(module: types.ModuleType, name: str, function) -> bool:
    """Whether `function` is `module`'s own `name`, not a version another plugin put in its place.

    Told by the code itself, where it was written and under which name: functools.wraps
    gives a wrapper the name, module and qualified name of what it wraps, never its code.
    """
    code = getattr(function, "__code__", None)
    return code is not None and code.co_name == name and code.co_filename == getattr(module, "__file__", None)


def untouched(module: types.ModuleType, names: Iterable[str], ours: Iterable = ()) -> bool:
    """Whether each of these functions of `module` is the library's own (or one of `ours`, standing in for it)."""
    ours = tuple(ours)
    for name in names:
        function = getattr(module, name, None)
        if any(function is stand_in for stand_in in ours):
            function = function.__wrapped__
        if not is_the_librarys(module, name, function):
            return False
    return True
