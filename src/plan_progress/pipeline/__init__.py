"""Source tables -> typed rows -> document -> graph -> files, with each stage's check: `build` and `validate`."""
