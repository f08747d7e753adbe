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


class NameKeyKind(models.TextChoices):
    CORE = "c", _("core name")
    PINYIN = "p", _("full pinyin")
    INITIALS = "i", _("pinyin initials")


class NameKey(models.Model):
    """A form of a firm's names the way people type them (enterprises.names.name_keys): its
    core name without region and company-form words, the full pinyin and the initials, one per
    reading of polyphonic characters. Computed once, when the names are written or indexed.

    Prefix queries (huawei%, hw%) read the "C"-collated index of (kind, key, firm) on
    PostgreSQL (migration 0016), so at a million firms a query is a range scan.
    """

    pk = models.CompositePrimaryKey("kind", "key", "enterprise")
    kind = models.CharField(_("kind"), max_length=1, choices=NameKeyKind.choices)
    key = models.CharField(_("key"), max_length=48)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("enterprise"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("name key")
        verbose_name_plural = _("name keys")
        indexes = [models.Index(fields=["enterprise"], name="namekey_enterprise_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} {self.enterprise_id}"
