"""The documents made from an edition: what each audience sees, freezing, sealing, the publication check, and the renderers."""
