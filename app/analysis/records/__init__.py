"""笔录比对: interrogation and inquiry records parsed from page text, then compared (copies, contradictions, timing)."""
