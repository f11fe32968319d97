"""spaCy pipeline components of CaseLens, one per module, registered as caselens_<name> factories."""
