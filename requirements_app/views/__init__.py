"""Views: thin wrappers around `access`, the forms and the service modules."""
