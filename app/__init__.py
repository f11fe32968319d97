"""CaseLens: offline case-file reading assistant."""

__version__ = "0.1.0"
