"""A/B of OCR engine settings on the same page images in one process: CPU seconds per page and accuracy.

Every variant gets its own engine (model load not counted); pages are run interleaved (page 1 on every
variant, then page 2, ...) so a change in machine load hits all variants alike. CPU time is
time.process_time() around engine.read() on one onnxruntime thread, so it is meaningful on a loaded
machine; "p/s on 2 cores" is 2 / (CPU s per page), what two worker processes allow when nothing else runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

# name -> (RapidOCR params overriding ocr.RAPIDOCR_PARAMS, RapidOcrEngine keyword arguments)
VARIANTS: dict[str, tuple[dict, dict]] = {
    "v1 (det 960 batch 6 pad 160)": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 6,
                                                  "Rec.rec_img_shape": [3, 48, 160]}, {"piece_ratio": 12.0}),
    "rec batch 12": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 12, "Rec.rec_img_shape": [3, 48, 160]},
                     {"piece_ratio": 12.0}),
    "pad 320": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 320]},
                {"piece_ratio": 12.0}),
    "pad 64": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 64]},
               {"piece_ratio": 12.0}),
    "det 736": ({"Det.limit_side_len": 736, "Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 160]},
                {"piece_ratio": 12.0}),
    "pieces 8 heights": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 160]},
                         {"piece_ratio": 8.0}),
    "squeeze 0.8": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 160]},
                    {"piece_ratio": 12.0, "squeeze": 0.8}),
    "rec batch 3": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 3, "Rec.rec_img_shape": [3, 48, 160]},
                    {"piece_ratio": 12.0}),
    "pieces 6 heights": ({"Det.limit_side_len": 960, "Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 160]},
                         {"piece_ratio": 6.0}),
    # combinations of the single changes that paid off in the first round
    "det 736 + pieces 8 + pad 64": ({"Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 64]},
                                    {"piece_ratio": 8.0, "det_side": 736}),
    "det 736 + pieces 8 + pad 64 + batch 3": ({"Rec.rec_batch_num": 3, "Rec.rec_img_shape": [3, 48, 64]},
                                              {"piece_ratio": 8.0, "det_side": 736}),
    "det 736 + pieces 8 + pad 64 + squeeze 0.85": ({"Rec.rec_batch_num": 6, "Rec.rec_img_shape": [3, 48, 64]},
                                                   {"piece_ratio": 8.0, "det_side": 736, "squeeze": 0.85}),
    "combo + batch 1": ({"Rec.rec_batch_num": 1, "Rec.rec_img_shape": [3, 48, 64]},
                        {"piece_ratio": 8.0, "det_side": 736}),
    "combo + batch 2": ({"Rec.rec_batch_num": 2, "Rec.rec_img_shape": [3, 48, 64]},
                        {"piece_ratio": 8.0, "det_side": 736}),
    "combo + batch 3 + cpu arena": ({"Rec.rec_batch_num": 3, "Rec.rec_img_shape": [3, 48, 64],
                                     "EngineConfig.onnxruntime.enable_cpu_mem_arena": True},
                                    {"piece_ratio": 8.0, "det_side": 736}),
    "det 960 + pieces 8 + pad 64 + batch 3": ({"Rec.rec_batch_num": 3, "Rec.rec_img_shape": [3, 48, 64]},
                                              {"piece_ratio": 8.0, "det_side": 960}),
    "combo + batch 3 + squeeze 0.85": ({"Rec.rec_batch_num": 3, "Rec.rec_img_shape": [3, 48, 64]},
                                       {"piece_ratio": 8.0, "det_side": 736, "squeeze": 0.85}),
    "current": ({}, {}),  # whatever ocr.py ships now
    # third pass: accuracy fixes and the turned-page shortcut, each switched off alone
    "s2 (no dashes or run split or orient first)": ({}, {"dashes": False, "split_runs": False,
                                                           "orient_first": False}),
    "no run split": ({}, {"split_runs": False}),
    "no orient first": ({}, {"orient_first": False}),
    "current + det 736": ({}, {"det_side": 736}),
    "current + det 832": ({}, {"det_side": 832}),
    "current + stretch 1.25": ({}, {"squeeze": 1.25}),
    "current + box 0.4": ({"Det.box_thresh": 0.4}, {}),  # lone one-digit cells are dropped at 0.5?
    "current + det thresh 0.2": ({"Det.thresh": 0.2}, {}),
}


@dataclass
class Tally:
    cpu: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    load_cpu: float = 0.0


def run_ab(pages: list[tuple[object, float, float]], names: list[str], *, log=print) -> dict[str, Tally]:
    """pages: (BGR image, scale_x, scale_y). Returns per variant the CPU seconds and page text of each page."""
    from app.ingest.ocr import RapidOcrEngine
    from app.ingest.ocr_words import page_layout, page_text

    engines, tallies = {}, {}
    for name in names:
        params, kwargs = VARIANTS[name]
        t0 = time.process_time()
        engines[name] = RapidOcrEngine(params, **kwargs)
        tallies[name] = Tally(load_cpu=time.process_time() - t0)
        engines[name].read(pages[0][0][:200, :200])  # first-run allocations outside the timings
    for i, (img, sx, sy) in enumerate(pages, 1):
        for name in names:
            t0 = time.process_time()
            result = engines[name].read(img)
            tallies[name].cpu.append(time.process_time() - t0)
            words = page_layout(result.lines, sx, sy, result.rotation, (result.width, result.height))[0]
            tallies[name].texts.append(page_text(words))
        log(f"  page {i}/{len(pages)}: " + "  ".join(f"{tallies[n].cpu[-1]:.2f}" for n in names))
    return tallies
