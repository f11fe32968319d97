"""Domain dataclasses, coded errors, progress/cancel, paths. No heavy imports, no side effects at import
(the offline switch is domain.offline.stay_offline, called by the entry points)."""
