"""Deliberation: comments, votes and decisions, declarations of interest, notifications and what needs a member's attention."""
