"""The case file: one SQLite file per case, schema by numbered migrations, FTS, audit."""
