"""`publish`: the release in `dist/` onto a CKAN portal, safely and repeatably."""
