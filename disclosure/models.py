"""Public disclosure keeps no tables of its own: it reads the credit file, the lists and the
grades (the name index it searches belongs to enterprises.models.search_terms). The module
stays because the Django type-checking plugin imports every installed app's models."""
