"""Pelican's Markdown reader, taking a file's conversion from the helper when it has one."""

from __future__ import annotations

from pelican.readers import MarkdownReader

from .conversion import replay
from .helper import ReadAhead, helper_config
from .typography import expect


class ReadAheadMarkdownReader(MarkdownReader):
    """MarkdownReader that first asks this build's helper (if any) for the file."""

    helper: ReadAhead | None = None  # the running build's, set by the plugin

    def read(self, source_path):
        """Content and metadata of a Markdown file, as MarkdownReader.read returns them."""
        helper = ReadAheadMarkdownReader.helper
        converted = helper.take(source_path, helper_config(self.settings)) if helper is not None else None
        if converted is None:
            return super().read(source_path)
        self._source_path = source_path
        replay(converted.records)
        metadata = {name: self.process_metadata(name, value) for name, value in converted.metadata.items()}
        if converted.call is not None:
            results = [(converted.html, converted.typogrified)] if converted.typogrified is not None else []
            # A field the metadata processors left as it was (the very object) gets the helper's result.
            results += [
                (metadata[name], value)
                for name, value in converted.typogrified_fields
                if metadata.get(name) is converted.metadata[name]
            ]
            expect(results, converted.call)
        return converted.html, metadata
