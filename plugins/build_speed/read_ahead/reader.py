"""Pelican's Markdown reader, taking a file's conversion from the helper when it has one."""

from __future__ import annotations

from pelican.readers import MarkdownReader

from .conversion import replay
from .helper import ReadAhead
from .typography import expect


class ReadAheadMarkdownReader(MarkdownReader):
    """MarkdownReader that first asks this build's helper (if any) for the file."""

    helper: ReadAhead | None = None  # the running build's, set by the plugin

    def read(self, source_path):
        """Content and metadata of a Markdown file, as MarkdownReader.read returns them."""
        helper = ReadAheadMarkdownReader.helper
        converted = helper.take(source_path) if helper is not None else None
        if converted is None:
            return super().read(source_path)
        self._source_path = source_path
        replay(converted.records)
        if converted.typogrified is not None:
            expect(converted.html, converted.typogrified, converted.call)
        metadata = {name: self.process_metadata(name, value) for name, value in converted.metadata.items()}
        return converted.html, metadata
