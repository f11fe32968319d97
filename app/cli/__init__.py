"""`caselens` command line, built on app.services."""
