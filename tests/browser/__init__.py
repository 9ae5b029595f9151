"""The served explorer in a real headless browser (issue #21); select with -m browser."""
