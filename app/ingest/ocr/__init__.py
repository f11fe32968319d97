"""OCR of page images: RapidOCR (PP-OCRv6) driven step by step, tesseract as an option, pages in worker processes.

Modules, lowest first (each imports only those above it; tests/ingest/test_ocr_package.py keeps it so):
- settings: the engine's settings and SETTINGS_VERSION (in every stored engine id, so the cache follows them)
- types: OcrLine, OcrResult and their summaries; models: which recogniser, and which pieces get a second look
- ctc: CTC decoding (digit runs, word spaces, weakest character) and the batched recognition loop
- geometry: detection scale, turning, blank cuts in long lines; offline: RapidOCR without its network stack
- dashes, ink: passes for what detection misses (runs of hyphens, small uncovered ink)
- words: lines to page words in reading order; cache: results by page-image hash
- engine: RapidOcrEngine (detect, cut, recognise, second look, orientation); tesseract: TesseractEngine
- pool: render + cache + OCR of pages on worker processes; remote: one page OCR'd on a cluster worker
"""
