"""A library's functions stood in for, while a build runs, by faster ones that give the very same text.

smartypants_shortcuts.py and typogrify_shortcuts.py say what stands in for what, and
why the result is the library's character for character. This module binds them in
the library's module (whose callers look them up there at each call) and puts the
library's own back afterwards. Only a library's own function is stood in for: one that
another plugin put in its place changes what the function does, and stays as it is
(told by its code, stand_in.is_the_librarys), and one replaced while a build runs is
not put back.
"""

from __future__ import annotations

import types
from collections.abc import Callable

from .stand_in import is_the_librarys

# Makes the stand-in for a library function, given that function.
Make = Callable[[Callable], Callable]


class Shortcuts:
    """Stand-ins for some functions of `module`, bound while a build runs and only on `written_for`."""

    def __init__(self, module: types.ModuleType, written_for: str, makers: dict[str, Make], package=None):
        """`package`: the module whose `__version__` says the library's version (`module` itself by default)."""
        self.module, self.written_for, self.makers = module, written_for, makers
        self.package = package or module
        self.library: dict[str, Callable] = {name: getattr(module, name) for name in makers}
        self.ready: dict[str, Callable] = {name: make(self.library[name]) for name, make in makers.items()}
        self._bound: dict[str, tuple[Callable, Callable]] = {}  # name -> (the stand-in bound, what it stands in for)

    def applies(self, version: str | None = None) -> bool:
        """Whether the running library is the version the stand-ins were written for."""
        return (version or getattr(self.package, "__version__", "")) == self.written_for

    def standing(self) -> list[Callable]:
        """The stand-ins bound now."""
        return [bound for bound, _original in self._bound.values()]

    def bind(self) -> bool:
        """From now on the library runs the stand-ins (False: another version, left alone)."""
        if not self.applies():
            return False
        for name, make in self.makers.items():
            current = getattr(self.module, name)
            if not is_the_librarys(self.module, name, current):  # another plugin's, or ours already
                continue
            stand_in = self.ready[name] if current is self.library[name] else make(current)
            setattr(self.module, name, stand_in)
            self._bound[name] = (stand_in, current)
        return True

    def unbind(self) -> None:
        """The library's own functions again, where a stand-in still stands (what another plugin put there stays)."""
        for name, (stand_in, original) in self._bound.items():
            if getattr(self.module, name) is stand_in:
                setattr(self.module, name, original)
        self._bound.clear()


def standing_in(stand_in: Callable, original: Callable) -> Callable:
    """`stand_in`, unwrapping to `original` (what the read-ahead's checks look through to the library's)."""
    stand_in.__wrapped__ = original
    return stand_in
