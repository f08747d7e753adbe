"""Every page of the public site (the API docs included), the firm side and the console, by
URL name, with the arguments that give it content on the walk's site (tests/browser/site.py);
and the URL names that are no page (a form's POST target, a download), each with the reason.

test_every_page.py holds this table to the URL configuration: a new page that is not walked
fails there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tests.browser.site import Site

# The namespaces whose pages the walk visits (the admin and the API are not the portal's pages).
NAMESPACES = ("disclosure", "selfservice", "console", "inspections", "sharing")


@dataclass(frozen=True)
class Page:
    name: str  # namespace:url_name
    side: str  # "public", "firm" or "console": whose browser opens it
    args: Callable[[Site], dict[str, Any]] = lambda site: {}
    query: str = ""
    ready: str = ""  # a selector to wait for: a page its own script draws

    @property
    def slug(self) -> str:
        return self.name.replace(":", "-").replace("_", "-")

    def path(self, site: Site) -> str:
        return reverse(self.name, kwargs=self.args(site)) + (f"?{self.query}" if self.query else "")


def _uscc(site: Site) -> dict[str, Any]:
    return {"uscc": site.firm.uscc}


PAGES = (
    Page("disclosure:home", "public"),
    Page("disclosure:search", "public", query="q=%E5%AE%89%E5%BA%86"),  # 安庆
    Page("disclosure:profile", "public", _uscc),
    Page("disclosure:report", "public", lambda s: {"uscc": s.firm.uscc, "year": s.published_year}),
    Page("disclosure:product", "public", lambda s: {"gtin": s.recalled_gtin}),
    Page("disclosure:red_list", "public"),
    Page("disclosure:blacklist", "public"),
    Page("disclosure:statistics", "public"),
    Page("disclosure:grading", "public"),
    Page("disclosure:licences", "public"),
    Page("disclosure:penalties", "public"),
    Page("disclosure:extract", "public", _uscc),
    Page("disclosure:verify", "public", lambda s: {"code": s.extract_code}),
    Page("inspections:public_plans", "public"),
    Page("inspections:public_plan", "public", lambda s: {"pk": s.plan}),
    Page("selfservice:signup", "public"),
    Page("api-docs", "public", ready=".opblock"),
    Page("selfservice:dashboard", "firm"),
    Page("selfservice:users", "firm"),
    Page("selfservice:reports", "firm"),
    Page("selfservice:report_new", "firm"),
    Page("selfservice:report", "firm", lambda s: {"pk": s.submitted_report}),
    Page("selfservice:report_print", "firm", lambda s: {"pk": s.submitted_report}),
    Page("selfservice:commitment", "firm"),
    Page("selfservice:products", "firm"),
    Page("selfservice:records", "firm"),
    Page("selfservice:objections", "firm"),
    Page(
        "selfservice:objection_new",
        "firm",
        lambda s: {"kind": "inspections", "pk": s.failed_inspection},
    ),
    Page("selfservice:entry_statement", "firm", lambda s: {"pk": s.notified_entry}),
    Page("selfservice:abnormal", "firm"),
    Page("selfservice:abnormal_removal", "firm", lambda s: {"pk": s.abnormal_listing}),
    Page("selfservice:repairs", "firm"),
    Page("selfservice:repair_new", "firm", lambda s: {"target": "penalty", "pk": s.penalty}),
    Page("console:queues", "console"),
    Page("console:queue", "console", lambda s: {"key": "objections"}),
    Page("console:queue_item", "console", lambda s: {"key": "objections", "pk": s.objection}),
    Page("console:timeline", "console", _uscc),
    Page("console:audit", "console"),
    Page("console:tokens", "console"),
    Page("console:imports", "console"),
    Page("console:file_list", "console"),
    Page("console:file_detail", "console", _uscc),
    Page(
        "console:product_correct",
        "console",
        lambda s: {"uscc": s.product.enterprise.uscc, "pk": s.product.pk},
    ),
    Page("console:grade_distribution", "console"),
    Page("console:product_search", "console"),
    Page("console:product_history", "console", lambda s: {"gtin": s.product.gtin}),
    Page("console:recall_list", "console"),
    Page("console:recall_detail", "console", lambda s: {"pk": s.recall}),
    Page("console:report_review", "console", lambda s: {"pk": s.submitted_report}),
    Page("console:abnormal", "console"),
    Page("console:suggestions", "console"),
    Page("console:supervision", "console", query="region=3408"),
    Page("inspections:plans", "console"),
    Page("inspections:plan", "console", lambda s: {"pk": s.plan}),
    Page("sharing:webhooks", "console"),
)

# URL names of these namespaces that answer no page of their own, and why.
NOT_PAGES = {
    "disclosure:red_list_csv": "a CSV download",
    "disclosure:blacklist_csv": "a CSV download",
    "disclosure:licences_csv": "a CSV download",
    "disclosure:penalties_csv": "a CSV download",
    "console:supervision_csv": "a CSV download",
    "selfservice:attachment": "an uploaded file, served as a download",
    "selfservice:notifications_read": "POST only: marks notifications read",
    "console:objection": "POST only: the queue's decision form",
    "console:objection_retest": "POST only: the queue's re-test form",
    "console:repair": "POST only: the queue's decision form",
    "console:statement_answer": "POST only: the queue's answer form",
    "console:entry_revoke": "POST only: the queue's revocation form",
    "console:entry_step": "POST only: the queue's due-process steps",
    "console:interview": "POST only: the queue's interview form",
    "console:file_propose": "POST only: the credit file's proposal form",
    "console:firm_invite": "POST only: the credit file's invitation form",
    "console:override_create": "POST only: the credit file's override form",
    "console:override_revoke": "POST only: the credit file's override form",
    "console:abnormal_corrected": "POST only: the abnormal list's step forms",
    "console:abnormal_removed": "POST only: the abnormal list's step forms",
    "console:abnormal_escalated": "POST only: the abnormal list's step forms",
    "inspections:result": "POST only: the plan's result form (a GET goes back to the plan)",
}
