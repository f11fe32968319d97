"""CaseLens NLP: spaCy components, statement parsing, scikit-learn models. Imports nothing from app."""
