"""`SourceText` lives below the parser (`cqc_la.source_text`), so the parser never imports this layer."""

from ..source_text import LineOrigin, MediaType, SourceText, digest

__all__ = ["LineOrigin", "MediaType", "SourceText", "digest"]
