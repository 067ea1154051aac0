"""Kravgranskning: the rules (pure), the checker, and the findings stored with every write."""
