"""Training of the entity-resolution scorer (resources/models/resolver)."""
