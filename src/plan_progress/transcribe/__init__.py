"""`plan-progress transcribe`: a draft package from a text-layer PDF report, every cell traced
to its page and bounding box (issue 22). pdfplumber and pypdfium2 are imported inside the
modules that need them, so the other commands do not pay for loading them."""
