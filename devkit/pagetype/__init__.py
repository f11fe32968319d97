"""Training of the page-type classifier (resources/models/pagetype)."""
