"""CaseLens NLP: spaCy components, statement parsing, scikit-learn models. Imports nothing from app.

No side effects at import: nlp.pipeline calls domain.offline.stay_offline() before it imports spaCy."""
