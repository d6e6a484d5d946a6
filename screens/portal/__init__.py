"""Publishing to the CKAN portal."""
