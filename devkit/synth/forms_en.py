"""English procedural papers of a Hong Kong case file: cover, index, arrest/detention forms, orders, ID records."""

from __future__ import annotations

import random
from datetime import date

from devkit.synth.cast import Cast, Person
from devkit.synth.english import full_date, wrap_words
from devkit.synth.forms import ruled_table
from devkit.synth.render import A4, Ent, PageSpec, text_width

W, H = A4
LEFT, RIGHT = 72.0, W - 72.0


def case_title(cast: Cast) -> str:
    boss = cast.by_role("suspect")[0]
    return f"HKSAR v {boss.name} and others ({cast.crime})"


def sex(p: Person) -> str:
    return "Male" if p.male else "Female"


def _fit(spec: PageSpec, x: float, y: float, segs: list, size: float, width: float) -> float:
    """Draw segments word-wrapped inside `width`; returns the y below the last line."""
    for ln in wrap_words(segs, width, size):
        spec.segments(x, y, ln, size)
        y += size + 4
    return y


def cover(cast: Cast, volume: int, volumes: int, part: str, pages: int, closed: date) -> PageSpec:
    spec = PageSpec("cover", title="Case File")
    spec.text_center(W / 2, 90, "RESTRICTED", 11)
    spec.segments(W / 2 - text_width(cast.bureau, 16) / 2, 125, [Ent("police_unit", cast.bureau, cast.bureau)], 16)
    spec.text_center(W / 2, 200, "CASE FILE", 34)
    spec.rect(LEFT, 250, RIGHT, 640, 1.2)
    rows = [("Case", [case_title(cast)]), ("Report No.", [Ent("case_number", cast.case_no, cast.case_no)]),
            ("Part", [part]), ("Volume", [f"{volume} of {volumes}"]),
            ("Unit", [Ent("police_unit", cast.unit, cast.unit)]), ("Officer in case", [cast.officers[0]]),
            ("Checked by", [cast.officers[2]]), ("Date closed", [full_date(closed)]),
            ("Pages", [f"{pages}"]), ("Retention", ["Permanent"])]
    y = 285.0
    for label, segs in rows:
        spec.text(LEFT + 16, y, label + ":", 12)
        y2 = _fit(spec, LEFT + 130, y, segs, 11, RIGHT - LEFT - 150)
        spec.line(LEFT + 125, y2 - 10, RIGHT - 16, y2 - 10, 0.4)
        y = y2 + 14
    spec.text_center(W / 2, 720, f"Prepared by {cast.bureau}", 11)
    return spec


def contents(entries: list[tuple[str, str, str, str]], page_of: int, index: int, pages: int) -> PageSpec:
    """Index of documents: No., document, author, date, pages."""
    spec = PageSpec("contents", title="Index")
    spec.text_center(W / 2, 70, "INDEX OF DOCUMENTS", 17)
    cols = [("No.", 30), ("Document", 210), ("Author", 120), ("Date", 75), ("Pages", 50)]
    rows = [[str(i + page_of), name, author, when, rng_] for i, (name, author, when, rng_) in enumerate(entries, 1)]
    ruled_table(spec, cols, rows, 55.0, 100.0, _cell_size)
    if pages > 1:
        spec.text_center(W / 2, H - 40, f"Page {index + 1} of {pages}", 9)
    return spec


def _cell_size(cell: str, w: float) -> float:
    size = 9.0
    while size > 5.5 and text_width(cell, size) > w - 6:
        size -= 0.5
    return size


def _header(spec: PageSpec, cast: Cast, title: str, doc_no: str) -> float:
    spec.text_center(W / 2, 72, cast.bureau.upper(), 13)
    spec.text_center(W / 2, 108, title.upper(), 18)
    if doc_no:
        spec.segments(RIGHT - text_width(f"Ref: {doc_no}", 10), 138, ["Ref: ", Ent("case_number", doc_no, doc_no)], 10)
    return 175.0


def paragraph_page(cast: Cast, rng: random.Random, title: str, doc_no: str, paras: list[list], when: date,
                   kind: str = "form") -> list[PageSpec]:
    """A titled paper of flowing paragraphs over as many pages as it needs, signed and stamped."""
    from devkit.synth.english import flow_words

    size, lh = 11.5, 19.0
    pages = flow_words([(p, 0.0) for p in paras], RIGHT - LEFT, size, int((H - 175 - 150) / lh),
                       int((H - 140) / lh))
    specs = []
    for i, lines in enumerate(pages):
        spec = PageSpec(kind, title=title)
        y = _header(spec, cast, title, doc_no) if i == 0 else 70.0
        for segs, _dx in lines:
            spec.segments(LEFT, y, segs, size)
            y += lh
        if i == len(pages) - 1:
            spec.text(LEFT + 250, y + 40, "Signed: ______________________", 11)
            spec.text(LEFT + 250, y + 60, f"{cast.officers[0]}, {cast.unit.split(',')[0]}", 10)
            spec.text(LEFT + 250, y + 78, f"Date: {full_date(when)}", 10)
            spec.stamp(RIGHT - 50 + rng.uniform(-8, 8), y + 50 + rng.uniform(-6, 6), "HONG KONG POLICE", 40)
        spec.text_center(W / 2, H - 36, f"Page {i + 1} of {len(pages)}", 9)
        specs.append(spec)
    return specs


def bio(p: Person) -> list:
    """The standard description of a person in procedural papers."""
    return [Ent("person", p.name, p.name), f" ({sex(p).lower()}, born ",
            Ent("date", full_date(p.birth), p.birth.isoformat()), ", identity document No. ",
            Ent("id_number", p.id_number, p.id_number), ", of ", Ent("address", p.address, p.address), ")"]


def _grid(spec: PageSpec, y: float, rows: list[tuple[str, list]], label_w: float = 150) -> float:
    """A ruled two-column form (label | value); returns the y below it."""
    for label, segs in rows:
        lines = wrap_words(segs, RIGHT - LEFT + 30 - label_w - 10, 10) or [[""]]
        h = max(26.0, 10 + 14 * len(lines))
        spec.rect(LEFT - 20, y, RIGHT + 20, y + h, 0.6)
        spec.text(LEFT - 14, y + 17, label, 10)
        spec.line(LEFT - 20 + label_w, y, LEFT - 20 + label_w, y + h, 0.6)
        yy = y + 17
        for ln in lines:
            spec.segments(LEFT - 14 + label_w, yy, ln, 10)
            yy += 14
        y += h
    return y


def record_of_arrest(cast: Cast, rng: random.Random, s: Person, when: date, summary: list) -> PageSpec:
    """Record of Arrest (Pol. 1123 style): arrested person's particulars, time, place, grounds."""
    spec = PageSpec("form", title="Record of Arrest")
    spec.text(LEFT - 20, 50, "Pol. 1123", 9)
    spec.text_center(W / 2, 72, "HONG KONG POLICE FORCE", 13)
    spec.text_center(W / 2, 100, "RECORD OF ARREST", 19)
    spec.segments(RIGHT - 150, 124, ["Report No. ", Ent("case_number", cast.case_no, cast.case_no)], 9.5)
    hour = rng.randint(6, 22)
    place = s.address
    rows = [("Name of arrested person", [Ent("person", s.name, s.name)]), ("Sex", [sex(s)]),
            ("Date of birth", [Ent("date", f"{s.birth:%d/%m/%Y}", s.birth.isoformat())]),
            ("Identity document No.", [Ent("id_number", s.id_number, s.id_number)]),
            ("Address", [Ent("address", s.address, s.address)]), ("Telephone", [Ent("phone", s.phone, s.phone)]),
            ("Occupation", [s.employer]),
            ("Date and time of arrest", [Ent("date", full_date(when), when.isoformat()), f" at {hour:02d}:{rng.randint(0, 59):02d} hours"]),
            ("Place of arrest", [Ent("address", place, place)]),
            ("Offence", [cast.crime]), ("Arresting officer", [f"{cast.officers[1]}, Detective Sergeant"])]
    y = _grid(spec, 140.0, rows, 170)
    spec.rect(LEFT - 20, y, RIGHT + 20, y + 250, 0.6)
    spec.text(LEFT - 14, y + 18, "Brief facts / grounds for arrest:", 10.5)
    yy = y + 38
    for ln in wrap_words(summary, RIGHT - LEFT + 20, 10.5)[:12]:
        spec.segments(LEFT - 10, yy, ln, 10.5)
        yy += 17
    y += 250
    spec.rect(LEFT - 20, y, RIGHT + 20, y + 90, 0.6)
    spec.text(LEFT - 14, y + 20, "The arrested person was told of the reason for the arrest and cautioned.", 10)
    spec.text(LEFT - 14, y + 58, "Signature of arresting officer: ____________________", 10)
    spec.text(LEFT + 270, y + 58, f"Date: {full_date(when)}", 10)
    spec.stamp(RIGHT - 30, y + 40, "HONG KONG POLICE", 36)
    return spec


def notice_of_detention(cast: Cast, rng: random.Random, s: Person, when: date) -> list[PageSpec]:
    paras = [["To: ", *bio(s), "."],
             ["You were arrested on ", Ent("date", full_date(when), when.isoformat()),
              f" on suspicion of {cast.crime.lower()}. You are being detained at {rng.choice(['Mong Kok', 'Central', 'Kowloon City', 'Wan Chai'])} "
              "Police Station pending further enquiries."],
             ["You have the right to consult a lawyer in private, to have a relative or friend informed of your "
              "detention, and to be supplied with writing materials. You may be granted bail."],
             ["Received by the detained person: ____________________  Time: ________"]]
    no = cast.case_no.replace("RN", "DN")
    return paragraph_page(cast, rng, "Notice of Detention", no, paras, when)


def production_order(cast: Cast, rng: random.Random, acc, when: date) -> list[PageSpec]:
    """Application for a Production Order (OSCO s.4) for one bank account's records."""
    paras = [["IN THE DISTRICT COURT OF THE HONG KONG SPECIAL ADMINISTRATIVE REGION"],
             ["Application for a Production Order under section 4 of the Organized and Serious Crimes Ordinance (Cap. 455)"],
             [f"I, {cast.officers[0]}, {rng.choice(['Detective Inspector', 'Detective Senior Inspector'])} of the ",
              Ent("police_unit", cast.unit, cast.unit), ", apply for an order that ",
              Ent("bank", acc.branch, acc.branch), " produce all statements and account opening documents of account No. ",
              Ent("account", acc.number, acc.number), " held in the name of ",
              Ent("person" if acc.kind == "personal" else "organization", acc.holder_name, acc.holder_name),
              ", for the period from 1 January 2021 to 31 December 2021."],
             ["There are reasonable grounds for suspecting that the account has received the proceeds of an "
              f"indictable offence, namely {cast.crime.lower()}, and that the material is likely to be of substantial "
              "value to the investigation."]]
    no = cast.case_no.replace("RN", "PO")
    return paragraph_page(cast, rng, "Application for Production Order", no, paras, when)


def search_warrant(cast: Cast, rng: random.Random, s: Person, when: date) -> list[PageSpec]:
    paras = [["To any police officer:"],
             ["Whereas it appears upon information on oath that there is reasonable cause to suspect that evidence of "
              f"{cast.crime.lower()} is to be found at ", Ent("address", s.address, s.address), ", the premises of ",
              Ent("person", s.name, s.name), "."],
             ["You are authorised to enter and search the premises, with such assistance as may be necessary, within "
              "one month of the date hereof, and to seize any mobile phones, bank cards, cheque books and documents."]]
    return paragraph_page(cast, rng, "Search Warrant", cast.case_no.replace("RN", "SW"), paras, when)


def id_record(cast: Cast, rng: random.Random, p: Person, when: date) -> PageSpec:
    """Person particulars as printed from the records system, with a photo box."""
    spec = PageSpec("id_record", title="Particulars of Person")
    spec.text_center(W / 2, 72, "HONG KONG POLICE FORCE", 12)
    spec.text_center(W / 2, 98, "PARTICULARS OF PERSON", 17)
    alias = p.aliases[-1] if p.aliases else ""
    rows = [("Name", [Ent("person", p.name, p.name)]), ("Alias", [Ent("person", alias, p.name)] if alias else ["Nil"]),
            ("Sex", [sex(p)]), ("Date of birth", [Ent("date", full_date(p.birth), p.birth.isoformat())]),
            ("Identity document", ["PRC Resident ID Card"]), ("Document No.", [Ent("id_number", p.id_number, p.id_number)]),
            ("Residential address", [Ent("address", p.address, p.address)]),
            ("Telephone", [Ent("phone", p.phone, p.phone)]), ("Occupation / employer", [p.employer]),
            ("Marital status", [rng.choice(["Married", "Single", "Divorced"])]),
            ("Nationality", [rng.choice(["Chinese", "British", "Chinese (HKSAR)"])]),
            ("Record checked by", [cast.officers[3]]), ("Date of check", [full_date(when)])]
    y = _grid(spec, 250.0, rows, 160)
    spec.rect(RIGHT - 90, 115, RIGHT + 20, 235, 0.6)
    spec.text_center(RIGHT - 35, 180, "PHOTO", 10)
    spec.text(LEFT - 20, y + 36, "The above particulars agree with the records held.", 10)
    spec.stamp(RIGHT - 40, y + 40, "HONG KONG POLICE", 36)
    return spec

