"""The static site: the report for citizens (ja, en), a page per IRI of the data, the standard's
documentation, and the w3id redirect rules. Built by `plan-progress site`."""
