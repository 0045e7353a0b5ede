"""SPARQL over packages: the store, query results, and the local endpoint."""
