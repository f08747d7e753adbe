"""Public disclosure keeps no tables of its own: it reads the credit file, the lists and the
grades. The name index it searches belongs to the credit file (enterprises.models.search_terms)."""
