"""Run with the CKAN virtualenv's Python: ckanext-dcat's RDFParser reads a DCAT file as a
harvester would, with the portal's own configuration (its licence list), and prints the
CKAN datasets it makes as JSON.

    python dcat_parse.py CKAN_INI CATALOG.ttl
"""

import json
import sys

from ckan.cli import load_config
from ckan.config.middleware import make_app

make_app(load_config(sys.argv[1]))  # the portal's configuration: its licence list

from ckanext.dcat.processors import RDFParser  # noqa: E402  (needs the configuration)

parser = RDFParser()
with open(sys.argv[2], encoding="utf-8") as f:
    parser.parse(f.read(), _format="turtle")
print(json.dumps(list(parser.datasets()), ensure_ascii=False, default=str))
