"""Analyzers: independent, registered by name, each told which files it wants."""
