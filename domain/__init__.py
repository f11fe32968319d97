"""Domain rules shared by app and nlp, held once: identifier check digits, surname tables, character widths,
normalisation of amounts, dates and accounts, statement-row cleaning and the transaction fingerprint.

Pure Python: imports neither app nor nlp (an import-linter contract), so both may use it.
"""
