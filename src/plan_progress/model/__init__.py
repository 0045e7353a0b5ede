"""The plan-progress model: typed source rows, the JSON-LD document, IRIs, the flat table, profiles, scaffolds."""
