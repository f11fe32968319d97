"""Pure normalisers and validators for what extraction finds (IDs, cards, money, dates); no spaCy needed."""
