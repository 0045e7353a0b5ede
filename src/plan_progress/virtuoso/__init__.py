"""Virtuoso as the server engine for large stores: bulk-load packages with its own loader,
query its SPARQL endpoint, and (for tests and benchmarks) run a private instance."""
