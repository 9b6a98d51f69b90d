"""The report's schema: the draft the model fills, the report callers get, and its outline.

``ids`` holds the one table of report sections, the ids made from it and the references
between items; ``draft`` the items the model fills in and the id types; ``report`` the same
items with resolved evidence, grounding counts and provenance; ``outline`` the compact outline
of a JSON Schema that the prompt carries. The package imports nothing else of summarizer, so
every other module may import it.
"""
