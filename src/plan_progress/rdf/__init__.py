"""RDF from the JSON-LD document: pyld as the reference, pyoxigraph as the fast path, VoID, vocabulary dumps."""
