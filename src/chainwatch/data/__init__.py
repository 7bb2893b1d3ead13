"""Bundled data snapshots (offline first) and the code that refreshes them."""
