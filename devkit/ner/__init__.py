"""Training and speed measurement of the NER models (resources/models/ner_*)."""
