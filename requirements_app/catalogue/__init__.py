"""The catalogue of standards and laws, and which of them the requirements cite."""
