"""Many packages at once: the synthetic corpus, batch runs and the benchmark."""
