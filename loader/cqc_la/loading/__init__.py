"""Writing parsed reports and reference data into the database (the parser needs no database)."""

from .run import FileOutcome, LoadSummary, load_reports

__all__ = ["FileOutcome", "LoadSummary", "load_reports"]
