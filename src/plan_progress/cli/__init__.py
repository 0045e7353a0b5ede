"""Command-line interface: one module per command, dispatched by `main`."""
