"""Every read of the case file the read model needs (GUI views, reports, CLI listings), one module per thing read:
pages (documents, pages, contents), entities (entities, mentions, holders), facts (transactions, relations,
events), alerts. Plain rows (dicts) out; the read model in app.services.views turns them into what it shows."""
