"""`release`: the validated package as a `dist/` bundle with checksums and catalog metadata."""
