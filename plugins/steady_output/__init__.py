"""steady_output: a build leaves alone the output files it would write unchanged.

Rewriting every page after editing one post costs more than comparing them (see
writer.py); the output is the same either way, and unchanged files keep their
modification time.

Setting:
    STEADY_OUTPUT = True     False: Pelican's own writer, which rewrites every file
"""

from pelican import signals

from .writer import SteadyWriter

DEFAULTS = {"STEADY_OUTPUT": True}


def steady_writer(pelican):
    """The writer class for this build (None: Pelican's own)."""
    return SteadyWriter if pelican.settings.get("STEADY_OUTPUT", DEFAULTS["STEADY_OUTPUT"]) else None


def register():
    """Connect the plugin to Pelican's signals."""
    signals.get_writer.connect(steady_writer)
