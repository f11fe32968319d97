"""The `records` part of the truth for a dossier made with --plant-records: every record, the planted copies,
contradictions and timing problems (by dossier page), and the boilerplate answers that must not be reported."""

from __future__ import annotations

from devkit.synth.record_plants import BOILERPLATE_ANSWERS
from devkit.synth.records import _TALK, _VICTIM


def records_truth(plan, laid) -> dict:
    p = plan.planter
    page_of = {id(spec): i for i, (spec, _, _) in enumerate(laid, 1)}
    docs = {d.name: d for d in plan.docs}
    recs = []
    first_page: dict[int, int] = {}
    for k, slot in enumerate(p.slots):
        doc = docs.get(slot.doc_name)
        pages = [page_of[id(s)] for s in doc.pages if id(s) in page_of] if doc else []
        sched = next((s for s in p.schedule if s["record"] == k), None)
        if not pages or sched is None:
            continue
        first_page[k] = pages[0]
        officers, recorder = p.teams[sched["team"]]
        recs.append({"record": k, "document": slot.doc_name, "person_id": slot.person.pid, "person": slot.person.name,
                     "session": slot.session, "pages": pages, "start": sched["start"].isoformat(timespec="minutes"),
                     "end": sched["end"].isoformat(timespec="minutes"), "officers": officers, "recorder": recorder})

    def side(key: str) -> dict | None:
        spec = p.located.get(key)
        if spec is None or id(spec) not in page_of:
            return None
        return {"page": page_of[id(spec)], "text": p.texts[key]}

    copies = []
    for c in p.copies:
        a, b = side(c["a"]), side(c["b"])
        if a and b:
            copies.append({"a": a, "b": b})
    contradictions, consistent = [], []
    for c in p.contradictions:
        a, b = side(c["a"]), side(c["b"])
        if a and b:
            (contradictions if c["kind"] else consistent).append({"a": a, "b": b, "kind": c["kind"],
                                                                  "scope": c["scope"]})
    timing = []
    for s in p.schedule:
        k = s["record"]
        if not s["plant"] or k not in first_page:
            continue
        if s["plant"] in ("officer_overlap", "person_overlap"):
            other = p.schedule[s["with"]]["record"]
            if other in first_page:
                timing.append({"kind": s["plant"], "records": sorted([first_page[other], first_page[k]])})
        else:
            timing.append({"kind": s["plant"], "records": [first_page[k]]})
    boiler = [*BOILERPLATE_ANSWERS, _VICTIM] + [a for _q, a in _TALK if "{" not in a]
    return {"records": recs, "copies": copies, "contradictions": contradictions, "consistent": consistent,
            "timing": timing, "boilerplate": boiler}
