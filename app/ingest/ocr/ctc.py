"""CTC decoding of the recogniser's output: runs of one digit kept apart, word spaces from the space class,
each character's probability (the weakest decides a second look), and RapidOCR's batched recognition loop."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from app.ingest.ocr.settings import SPACE_PROBABILITY, SPLIT_BLANK


class SplitRunsDecode:
    """RapidOCR's CTC decoder, but a step inside a run of one character whose blank probability is at least
    SPLIT_BLANK counts as a blank: on narrow digits the model runs '000' together, hesitating in between
    ('-103,000.00' read as '-103,00.00'), and plain argmax decoding merges the run into one character."""

    def __init__(self, decode) -> None:
        self.decode = decode
        self.character = decode.character

    def __call__(self, preds, *args, **kwargs):
        idx = preds.argmax(axis=2)
        inner = (idx[:, 1:-1] != 0) & (idx[:, 1:-1] == idx[:, :-2]) & (idx[:, 1:-1] == idx[:, 2:])
        split = inner & (preds[:, 1:-1, 0] >= SPLIT_BLANK)
        if split.any():
            preds = preds.copy()
            b, t = split.nonzero()
            preds[b, t + 1, 0] = 2.0  # above any probability: this step decodes as a blank
        return self.decode(preds, *args, **kwargs)


def run_recogniser(rec, crops: list, spaces: bool = False) -> list[tuple[str, float, float]]:
    """RapidOCR's recognition loop (crops sorted by width, batches of rec.rec_batch_num, padded to the widest),
    returning per crop its text, its score (mean character probability, as RapidOCR) and its weakest
    character's probability, with full- and half-width forms counted as one (nfkc_twins): one doubtful
    character hides in a long line's mean (models.doubtful).
    spaces: also put a space where the model leans towards one without choosing it (word_spaces)."""
    import numpy as np

    twins = getattr(rec, "caselens_twins", None)
    if twins is None:
        twins = rec.caselens_twins = nfkc_twins(list(rec.postprocess_op.character))
    ratios = [c.shape[1] / float(max(1, c.shape[0])) for c in crops]
    order = np.argsort(np.array(ratios), kind="stable")
    _, img_h, img_w = rec.rec_image_shape[:3]
    out: list[tuple[str, float, float]] = [("", 0.0, 0.0)] * len(crops)
    for start in range(0, len(crops), rec.rec_batch_num):
        batch = order[start:start + rec.rec_batch_num]
        widest = max([img_w / img_h, *(ratios[i] for i in batch)])
        tensor = np.concatenate([rec.resize_norm_img(crops[i], widest)[np.newaxis, :] for i in batch])
        preds = rec.session(tensor.astype(np.float32))
        decoded, _ = rec.postprocess_op(preds, False, wh_ratio_list=[ratios[i] for i in batch], max_wh_ratio=widest)
        for row, i in enumerate(batch):
            text, score = decoded[row]
            steps = preds[row]
            idx = steps.argmax(axis=1)
            starts = ctc_starts(steps, idx)  # found once for the spaces and the weakest character
            text = word_spaces(str(text), steps, starts=starts) if spaces else str(text)
            out[i] = (text, float(score), weakest_character(steps, twins, idx=idx, starts=starts))
    return out


def word_spaces(text: str, steps, at_least: float = SPACE_PROBABILITY, starts=None) -> str:
    """The tiny recogniser rarely outputs the space between a Chinese word and the next ("被讯问人 张伟",
    "3 转账支出" where one box spans two table cells; the small model does): a space goes between two
    characters when the space class (the last) reaches at_least on a step between them, one of them is
    Chinese (Latin words get their spaces from the model) and neither is punctuation. The text is left
    alone when its characters cannot be matched to CTC runs (starts: the first step of each, ctc_starts)."""
    if starts is None:
        starts = ctc_starts(steps)
    if len(starts) != len(text) or len(starts) < 2:
        return text
    space = steps[:, -1]
    out = [text[0]]
    for k in range(1, len(text)):
        a, b = text[k - 1], text[k]
        if not (a.isspace() or b.isspace() or _punctuation(a) or _punctuation(b)) and (_wide(a) or _wide(b)):
            if float(space[starts[k - 1]:starts[k] + 1].max()) >= at_least:
                out.append(" ")
        out.append(b)
    return "".join(out)


def ctc_starts(steps, idx=None):
    """The first step of each character a CTC output decodes to (a run of one class, not the blank)."""
    import numpy as np

    if idx is None:
        idx = steps.argmax(axis=1)
    return np.flatnonzero((idx != 0) & np.r_[True, idx[1:] != idx[:-1]])


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def weakest_character(steps, twins: Twins | None = None, idx=None, starts=None) -> float:
    """The lowest, over the characters a CTC output decodes to, of each character's best step probability
    (1.0 when it decodes to nothing). twins (nfkc_twins) adds up classes that read the same after NFKC: the
    tiny model splits its mass between '：' and ':' or '？' and '?', which is no doubt once normalised (it
    sent a sixth of the width of text pages to the second look for nothing). The line's score is left as
    RapidOCR computes it: counting twins there too let digit slips past (settings s10, reverted). With twins
    given, a space counts with the blank beside it: the tiny model often writes one at 0.6 against nothing,
    which says nothing about the text and sent 5 % of a statement page's width to the second look; a space
    that might be a digit ("2021-01-26 :39:04" for 22:39:04) stays weak."""
    import numpy as np

    if idx is None:
        idx = steps.argmax(axis=1)
    if starts is None:
        starts = ctc_starts(steps, idx)
    if not len(starts):
        return 1.0
    best = steps.max(axis=1)
    if twins is not None and len(twins.mask) == steps.shape[1]:
        for t in np.flatnonzero(twins.mask[idx]):
            best[t] = steps[t, twins.groups[int(idx[t])]].sum()
        for t in np.flatnonzero(twins.spaces[idx]):  # "a space or nothing" is no doubt about the text
            best[t] = steps[t, twins.spaces].sum() + steps[t, 0]
    return float(np.maximum.reduceat(np.where(idx != 0, best, 0.0), starts).min())


@dataclass(frozen=True)
class Twins:
    """Classes of a recogniser's character list that read the same after NFKC ('：' and ':')."""

    groups: dict[int, list[int]]  # class index -> every class index of its group (only classes with a twin)
    mask: Any  # numpy bool array over all classes: has a twin
    spaces: Any  # numpy bool array over all classes: a space (counted with the blank, weakest_character)


def nfkc_twins(character: list[str]) -> Twins:
    """The Twins of a character list (index 0 is CTC's blank)."""
    import numpy as np

    groups: dict[str, list[int]] = {}
    for i, ch in enumerate(character):
        groups.setdefault(unicodedata.normalize("NFKC", ch), []).append(i)
    by_class = {i: g for g in groups.values() if len(g) > 1 for i in g}
    mask = np.zeros(len(character), dtype=bool)
    mask[list(by_class)] = True
    spaces = np.array([ch.isspace() for ch in character], dtype=bool)
    return Twins(by_class, mask, spaces)
