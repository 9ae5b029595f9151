"""Hostile data and hostile terminals: no crash, nothing lost (issue #8)."""
