"""Entity resolution: who is who (people, accounts, organisations, identifiers) across a whole case."""
