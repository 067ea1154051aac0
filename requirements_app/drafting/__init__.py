"""Drafting: requirements, the document's sections and definitions, the triage of insights, and reading versions."""
