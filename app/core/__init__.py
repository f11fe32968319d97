"""Domain dataclasses, coded errors, progress/cancel, paths. No heavy imports."""
