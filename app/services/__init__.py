"""The one place that wires stages together: import, search, analyse, export. UI and CLI call only this."""
