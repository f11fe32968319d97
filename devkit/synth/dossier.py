"""Orchestration: cast, ledger, every document's pages, volumes, page numbers, PDF, truth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from devkit.synth import forms
from devkit.synth.cast import Cast, build_cast
from devkit.synth.ledger import Ledger, build_ledger, rows_of
from devkit.synth.render import PageSpec, draw_page, save_pdf
from devkit.synth.statements import ALL_LAYOUTS, rows_per_page, statement_pages
from devkit.synth.truth import SCHEMA

VOLUME_MAX = 200
CONTENTS_PER_PAGE = 26


@dataclass
class Doc:
    """One paper of the dossier (a record, a statement, a form) and the pages it takes."""

    name: str
    author: str
    when: str
    pages: list[PageSpec]
    optional: bool = False  # may be dropped to fit the page budget
    new_volume: bool = False  # starts a volume even if the one before has room (set only by _fit)


@dataclass
class Plan:
    cast: Cast
    ledger: Ledger
    docs: list[Doc] = field(default_factory=list)
    relation_evidence: dict = field(default_factory=dict)  # (a, b) -> {"sentence":..., "doc": Doc}
    dates: dict = field(default_factory=dict)
    planter: object = None  # record_plants.RecordPlanter with --plant-records


def _budget(n: int) -> dict[str, int]:
    stmt = max(4 if n < 20 else 8, round(n * 0.31))
    records = max(4, round(n * 0.23))
    return {"statements": stmt, "records": records}


def plan_dossier(n_pages: int, seed: int, lang: str, plant_records: bool = False) -> Plan:
    rng = random.Random(seed)
    budget = _budget(n_pages)
    n_stmt_acc = min(16, max(len(ALL_LAYOUTS), budget["statements"] // 25))
    if n_pages < 20:  # a tiny dossier keeps room for records and forms: five statements only
        n_stmt_acc = 5
    layouts = list(ALL_LAYOUTS)
    rng.shuffle(layouts)
    n_people = max(10, min(40, n_pages // 55))
    cast = build_cast(rng, n_people, n_stmt_acc, layouts, lang)
    if lang == "en":
        from devkit.synth.english import anglicise

        anglicise(cast, random.Random(seed * 7919 + 1))  # its own stream: the main one stays as in zh
    stmt_accs = [a for a in cast.accounts if a.in_case]
    weights = [rng.uniform(0.5, 2.0) for _ in stmt_accs]
    spare = max(0, budget["statements"] - len(stmt_accs))
    pages_each = {a.aid: 1 + int(spare * w / sum(weights)) for a, w in zip(stmt_accs, weights, strict=True)}
    rows_wanted = {a.aid: int(pages_each[a.aid] * rows_per_page(a.layout) * 0.9) for a in stmt_accs}
    ledger = build_ledger(rng, cast, rows_wanted)
    if lang == "en":
        from devkit.synth.english import anglicise_ledger

        anglicise_ledger(ledger, random.Random(seed * 7919 + 2))
    plan = Plan(cast, ledger)
    d0 = date(2022, 1, rng.randint(5, 25))
    plan.dates = {"report": d0, "filed": d0 + timedelta(days=rng.randint(1, 5)),
                  "detain": d0 + timedelta(days=rng.randint(20, 40))}
    plan.dates["arrest_req"] = plan.dates["detain"] + timedelta(days=rng.randint(25, 30))
    plan.dates["indict"] = plan.dates["arrest_req"] + timedelta(days=rng.randint(60, 120))
    if plant_records:  # its own stream: without the option every byte stays as it was
        from devkit.synth.record_plants import RecordPlanter

        plan.planter = RecordPlanter(cast, random.Random(seed * 7919 + 3), plan.dates["report"])
    _add_documents(plan, rng, n_pages, budget)
    return plan


def _add_documents(plan: Plan, rng: random.Random, n_pages: int, budget: dict[str, int]) -> None:
    from devkit.synth import narrative, records

    cast, dates = plan.cast, plan.dates
    if cast.lang == "en":
        from devkit.synth import dossier_en

        plan.docs = dossier_en.add_documents(plan, rng, n_pages, budget)
        _fit(plan, rng, n_pages)
        return
    author = cast.unit.removeprefix(cast.bureau)
    suspects = cast.by_role("suspect")
    victims = cast.by_role("victim")
    fixed: list[Doc] = []
    summary = narrative.summary_paragraph(cast, plan.ledger, rng)
    fixed.append(Doc("受案登记表", author, f"{dates['report']:%Y%m%d}",
                     [forms.registration(cast, rng, victims[0], dates["report"], summary)]))
    fixed.append(Doc("立案决定书", cast.bureau, f"{dates['filed']:%Y%m%d}", forms.paragraph_page(
        cast, rng, "立案决定书", cast.case_no,
        [["根据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定对", forms.case_title(cast), "立案侦查。"]], dates["filed"])))
    for i, s in enumerate(suspects):
        when = dates["detain"] + timedelta(days=i // 2)
        no = cast.case_no.replace("立", "拘")
        fixed.append(Doc(f"拘留证（{s.anonymised}）", cast.bureau, f"{when:%Y%m%d}", forms.paragraph_page(
            cast, rng, "拘 留 证", no,
            [["根据《中华人民共和国刑事诉讼法》第八十二条之规定，兹决定对涉嫌", cast.crime, "罪的犯罪嫌疑人", *forms.bio(s, rng)[:7], "，",
              "执行拘留，送", f"{cast.region.city}看守所", "羁押。"],
             [f"执行拘留时间：{when.year}年{when.month}月{when.day}日{rng.randint(8, 20)}时    被拘留人：", "（签名、捺指印）"]], when)))
    arrest = narrative.arrest_request(cast, plan.ledger, rng, dates)
    fixed.append(Doc("提请批准逮捕书", cast.bureau, f"{dates['arrest_req']:%Y%m%d}", forms.paragraph_page(
        cast, rng, "提请批准逮捕书", cast.case_no.replace("立", "捕"), arrest, dates["arrest_req"])))
    fixed.append(Doc("起诉意见书", cast.bureau, f"{dates['indict']:%Y%m%d}",
                     narrative.indictment_pages(cast, plan.ledger, rng, dates)))
    record_docs = records.all_records(cast, plan.ledger, rng, dates, budget["records"], plan.relation_evidence,
                                      plan.planter)
    id_docs = [Doc(f"{p.anonymised if rng.random() < 0.3 else p.name}户籍信息", "派出所", f"{dates['detain']:%Y%m%d}",
                   [forms.id_record(cast, rng, p)], optional=i >= 2)
               for i, p in enumerate(q for q in cast.people if not q.english)]
    stmt_docs = []
    for acc in [a for a in cast.accounts if a.in_case]:
        pages = statement_pages(cast, acc, plan.ledger.txs, rng, ruled=rng.random() < 0.6)
        rows = rows_of(plan.ledger.txs, acc)
        span = f"{rows[0].time:%Y%m%d}" if rows else ""
        stmt_docs.append(Doc(f"{acc.holder_name}{acc.bank}账户交易明细", acc.branch[:12], span, pages))
    plan.docs = fixed + record_docs + id_docs + stmt_docs
    _fit(plan, rng, n_pages)


def _fit(plan: Plan, rng: random.Random, n_pages: int) -> None:
    """Drop optional papers or add one-page fillers until the dossier has exactly n_pages.

    Contents pages (one per 26 papers) and volume breaks make the total jump by more than one page per
    paper, so a batch of changes can swing round the target forever (seed 3 at 200 pages went 197, 203,
    197, ...). The batch steps stay as they were (seeds that fitted keep their bytes); once a layout comes
    back, single steps take over: fillers until the total reaches n_pages, then the volume breaks are fixed
    and pages come off the longest papers one at a time (each exactly one page). Fixing the breaks matters:
    a full volume closes only when the next paper does not fit, so 201 or 202 pages cannot be packed freely.
    """
    from devkit.synth import records

    def total() -> int:
        vols = _volumes(plan.docs)
        return sum(len(v[1]) for v in vols) + sum(sum(len(d.pages) for d in v[0]) for v in vols)

    def add_filler() -> None:
        if plan.cast.lang == "en":
            from devkit.synth.dossier_en import filler

            doc = filler(plan.cast, rng, plan.dates)
        else:
            doc = records.filler(plan.cast, rng, plan.dates)
        doc.optional = True
        plan.docs.insert(len(plan.docs) - sum(1 for d in plan.docs if d.pages[0].kind == "bank_statement"), doc)

    seen: set[tuple[int, ...]] = set()
    single = False
    for _ in range(400):
        diff = total() - n_pages
        if diff == 0:
            return
        layout = tuple(len(d.pages) for d in plan.docs)
        single = single or layout in seen
        seen.add(layout)
        if single:
            if diff < 0:
                add_filler()
                continue
            for docs, _ in _volumes(plan.docs)[1:]:
                docs[0].new_volume = True
            longest = max(plan.docs, key=lambda d: len(d.pages))
            if len(longest.pages) < 2:
                break
            longest.pages.pop()  # one page less; papers per volume (so the contents pages) unchanged
        elif diff > 0:
            for _ in range(diff):
                opt = [d for d in plan.docs if d.optional]
                victim = opt[-1] if opt else max(plan.docs, key=lambda d: len(d.pages))
                if len(victim.pages) > 1:
                    victim.pages.pop()  # a statement or record cut short: the truth lists only pages that exist
                else:
                    plan.docs.remove(victim)
        else:
            for _ in range(-diff):  # one-page papers; contents pages may grow, so check again
                add_filler()
    raise RuntimeError(f"could not fit the dossier to {n_pages} pages")


def _volumes(docs: list[Doc]) -> list[tuple[list[Doc], list[int]]]:
    """Split papers into volumes of <= 200 pages, each with a cover and as many contents pages as it needs."""
    vols: list[tuple[list[Doc], list[int]]] = []
    cur: list[Doc] = []
    used = 0
    for d in docs:
        n_front = 1 + max(1, -(-(len(cur) + 1) // CONTENTS_PER_PAGE))
        if cur and (d.new_volume or used + len(d.pages) + n_front > VOLUME_MAX):
            vols.append((cur, [0] * (1 + max(1, -(-len(cur) // CONTENTS_PER_PAGE)))))
            cur, used = [], 0
        if len(d.pages) + 2 > VOLUME_MAX:  # a paper longer than a volume is split
            d2 = Doc(d.name + (" (continued)" if d.name.isascii() else "（续）"), d.author, d.when, d.pages[VOLUME_MAX - 3:], d.optional)
            d.pages = d.pages[:VOLUME_MAX - 3]
            docs.insert(docs.index(d) + 1, d2)
        cur.append(d)
        used += len(d.pages)
    if cur:
        vols.append((cur, [0] * (1 + max(1, -(-len(cur) // CONTENTS_PER_PAGE)))))
    return vols


def assemble(plan: Plan) -> list[tuple[PageSpec, int, int]]:
    """Covers, contents, papers in order, with the volume page number top right: (spec, volume, vol page)."""
    cast = plan.cast
    en = cast.lang == "en"
    if en:
        from devkit.synth import forms_en as fm
    else:
        fm = forms
    vols = _volumes(plan.docs)
    out: list[tuple[PageSpec, int, int]] = []
    closed = plan.dates["indict"] + timedelta(days=7)
    for vi, (docs, front) in enumerate(vols, 1):
        n_contents = len(front) - 1
        body = sum(len(d.pages) for d in docs)
        part = ("Procedural documents" if en else "诉讼文书卷") if vi == 1 else ("Evidence" if en else "证据材料卷")
        pages = [fm.cover(cast, vi, len(vols), part, body + len(front), closed)]
        entries, pno = [], len(front) + 1
        for d in docs:
            last = pno + len(d.pages) - 1
            entries.append((d.name, d.author, d.when, f"{pno}" if last == pno else f"{pno}-{last}"))
            pno = last + 1
        for ci in range(n_contents):
            chunk = entries[ci * CONTENTS_PER_PAGE:(ci + 1) * CONTENTS_PER_PAGE]
            pages.append(fm.contents(chunk, ci * CONTENTS_PER_PAGE, ci, n_contents))
        for d in docs:
            pages.extend(d.pages)
        for k, spec in enumerate(pages, 1):
            spec.text(spec.width - 52, 34, str(k), 12)
            out.append((spec, vi, k))
    return out


def write_dossier(out_pdf: str | Path, *, pages: int, seed: int = 1, lang: str = "zh", scanned: bool = False,
                  inquiry: bool = False, plant_records: bool = False) -> dict:
    """Write the dossier PDF (and inquiry CSV/XLSX) plus OUT.truth.json; returns the truth."""
    import pymupdf

    from devkit.synth.truth import write_truth

    out_pdf = Path(out_pdf)
    plan = plan_dossier(pages, seed, lang, plant_records)
    laid = assemble(plan)
    doc = pymupdf.open()
    stamps: dict = {}
    for spec, _, _ in laid:
        draw_page(doc, spec, stamps)
    rotations = [0] * len(laid)
    if scanned:
        from devkit.synth.scan import scan_document

        doc, rotations = scan_document(doc, random.Random(seed + 7))
    from devkit.synth import forms_en

    title = (forms_en if plan.cast.lang == "en" else forms).case_title(plan.cast)
    save_pdf(doc, str(out_pdf), title=title, subset=not scanned)
    doc.close()
    files = {"pdf": out_pdf.name}
    inquiry_rows = None
    if inquiry:
        from devkit.synth.spreadsheets import write_inquiry

        inquiry_rows = write_inquiry(plan.cast, plan.ledger, out_pdf.with_suffix(""))
        files |= {"inquiry_csv": out_pdf.with_suffix(".inquiry.csv").name,
                  "inquiry_xlsx": out_pdf.with_suffix(".inquiry.xlsx").name}
    from devkit.synth.truthdata import build_truth

    truth = build_truth(plan, laid, rotations, seed=seed, lang=lang, scanned=scanned, files=files,
                        inquiry_rows=inquiry_rows, schema=SCHEMA)
    if plan.planter is not None:
        from devkit.synth.record_plants_truth import records_truth

        truth["records"] = records_truth(plan, laid)
    write_truth(truth, out_pdf.with_suffix(".truth.json"))
    return truth
