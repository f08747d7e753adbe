"""The name index of the credit file: derived from each firm's current and former names.

The credit file owns these rows because it is the one that changes names: the register and
update services rewrite a firm's rows in the same transaction. Public search
(disclosure.search) only reads them. The tables keep the names they had under disclosure.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """A firm's current and former names as one text, for verifying `contains` matches."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("enterprise"),
    )
    # Names joined by "\n": a query never spans two names.
    names = models.TextField(_("names"))

    class Meta:
        db_table = "disclosure_searchdocument"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.names.split("\n", 1)[0]


class NameBigram(models.Model):
    """One character bigram of a firm's names (pg_trgm cannot index 2-character CJK queries).

    The composite key is the index: a 2-character query is one range scan of (term, firm),
    and the firms come out in id order, so a page of results stops early.
    """

    pk = models.CompositePrimaryKey("term", "enterprise")
    term = models.CharField(_("bigram"), max_length=2)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("enterprise"),
        db_index=False,
    )
    # The firm's current name begins with this bigram: a 2-character query then finds name
    # prefixes and other matches from one index, in firm order, without reading names.
    at_start = models.BooleanField(_("begins the name"), default=False)

    class Meta:
        db_table = "disclosure_namebigram"
        verbose_name = _("name bigram")
        verbose_name_plural = _("name bigrams")
        indexes = [
            models.Index(fields=["enterprise"], name="bigram_enterprise_idx"),
            models.Index(fields=["term", "at_start", "enterprise"], name="bigram_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.enterprise_id}"
