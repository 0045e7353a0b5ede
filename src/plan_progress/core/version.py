"""The one version string of the standard, the vocabulary, the schema and the package.

Every `$id`, `owl:versionInfo`, context IRI and the data package version derive from it;
`python scripts/set_version.py NEW` rewrites them and a test keeps them in step.
"""

__version__ = "0.3.0"
