"""The tenders received for a publication edition: opening, import, examination, evaluation, award and report."""
