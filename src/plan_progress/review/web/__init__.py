"""The review page as a Django application (settings, addresses, views, templates)."""
