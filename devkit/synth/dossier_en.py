"""The papers of an English (Hong Kong style) dossier in filing order, and one-page fillers."""

from __future__ import annotations

import random
from datetime import timedelta

from devkit.synth import forms_en, narrative_en, records
from devkit.synth.ledger import rows_of
from devkit.synth.render import Ent
from devkit.synth.statements import statement_pages


def add_documents(plan, rng: random.Random, n_pages: int, budget: dict[str, int]) -> list:
    """Every paper of the English dossier: forms, case summary, records, particulars, bank records."""
    from devkit.synth.dossier import Doc

    cast, dates = plan.cast, plan.dates
    suspects = cast.by_role("suspect")
    ds = lambda d: f"{d:%d/%m/%Y}"  # noqa: E731
    officer = cast.officers[0]
    summary = narrative_en.summary_paragraph(cast, plan.ledger, rng)
    fixed: list[Doc] = []
    for i, s in enumerate(suspects):
        when = dates["detain"] + timedelta(days=i // 2)
        fixed.append(Doc(f"Record of arrest - {s.name}", cast.officers[1], ds(when),
                         [forms_en.record_of_arrest(cast, rng, s, when, summary)]))
        fixed.append(Doc(f"Notice of detention - {s.name}", officer, ds(when),
                         forms_en.notice_of_detention(cast, rng, s, when)))
    boss = suspects[0]
    fixed.append(Doc(f"Search warrant - {boss.address}", "Magistrate", ds(dates["detain"] - timedelta(days=1)),
                     forms_en.search_warrant(cast, rng, boss, dates["detain"] - timedelta(days=1))))
    for k, acc in enumerate([a for a in cast.accounts if a.in_case][:4]):
        when = dates["filed"] + timedelta(days=3 + k)
        fixed.append(Doc(f"Application for production order - {acc.number}", officer, ds(when),
                         forms_en.production_order(cast, rng, acc, when)))
    fixed.append(Doc("Case summary", officer, ds(dates["indict"]),
                     narrative_en.case_summary_pages(cast, plan.ledger, rng, dates)))
    record_docs = records.all_records(cast, plan.ledger, rng, dates, max(budget["records"], n_pages // 2),
                                         plan.relation_evidence)  # records rather than one-page fillers
    id_docs = [Doc(f"Particulars of person - {p.name}", cast.officers[3], ds(dates["detain"]),
                   [forms_en.id_record(cast, rng, p, dates["detain"])], optional=i >= 2)
               for i, p in enumerate(cast.people)]
    stmt_docs = []
    for acc in [a for a in cast.accounts if a.in_case]:
        pages = statement_pages(cast, acc, plan.ledger.txs, rng, ruled=rng.random() < 0.6)
        rows = rows_of(plan.ledger.txs, acc)
        span = ds(rows[0].time) if rows else ""
        stmt_docs.append(Doc(f"Bank records - {acc.holder_name} ({acc.number})", acc.branch.split(",")[0][:30],
                             span, pages))
    return fixed + record_docs + id_docs + stmt_docs


def filler(cast, rng: random.Random, dates: dict):
    """A one-page paper used to bring the dossier to its page count: notices, orders, officer's reports."""
    from devkit.synth.dossier import Doc

    p = rng.choice(cast.people)
    d = dates["detain"] - timedelta(days=rng.randint(-40, 5))
    kind = rng.random()
    if kind < 0.35:
        acc = rng.choice([a for a in cast.accounts if a.in_case] or cast.accounts)
        specs = forms_en.production_order(cast, rng, acc, d)
        title = "Application for production order"
    elif kind < 0.7:
        specs = forms_en.notice_of_detention(cast, rng, rng.choice(cast.by_role("suspect")), d)
        title = "Notice of detention"
    else:
        title = rng.choice(["Officer's report", "Investigation report", "Report on arrest"])
        paras = [["On ", Ent("date", forms_en.full_date(d), d.isoformat()), ", officers of this team identified ",
                  Ent("person", p.name, p.name), " (identity document No. ", Ent("id_number", p.id_number, p.id_number),
                  ") as connected with this case. The person was invited to attend the police station to assist."],
                 ["Submitted for information."]]
        specs = forms_en.paragraph_page(cast, rng, title, "", paras, d, kind="other")
    return Doc(title, cast.officers[0], f"{d:%d/%m/%Y}", specs[:1])
