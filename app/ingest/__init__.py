"""Getting pages out of files: discovery, hashing, PDF/image opening, text layer, OCR."""
