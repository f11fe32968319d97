"""Pure normalisers and validators for what extraction finds (IDs, cards, money, dates, numerals, hanzi).

Shared by nlp (extraction, statements) and app (analysis): no spaCy, no app, no nlp."""
