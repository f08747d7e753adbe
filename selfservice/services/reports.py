"""Quality-credit reports: draft -> submitted -> returned | accepted -> published.

Every save is a version in the report's history (simple_history); the public sees only the
latest published report.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, UserKind
from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.errors import IllegalTransitionError
from enterprises.models import QualityReport, ReportStatus
from enterprises.report_sections import SECTION_KEYS, SECTION_MAX
from enterprises.services.notifications import notify_firm
from enterprises.services.outbox import credit_file_changed

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _firm_user(actor: User, report: QualityReport) -> None:
    if actor.kind != UserKind.ENTERPRISE or actor.enterprise_id != report.enterprise_id:
        raise PermissionDenied(_("Only users of the enterprise may change its report."))


def _clean_sections(sections: dict[str, Any]) -> dict[str, str]:
    unknown = set(sections) - set(SECTION_KEYS)
    if unknown:
        raise ValidationError({"sections": _("Unknown sections: %s") % ", ".join(sorted(unknown))})
    cleaned = {k: str(sections.get(k, "") or "").strip() for k in SECTION_KEYS}
    too_long = [k for k, v in cleaned.items() if len(v) > SECTION_MAX]
    if too_long:
        raise ValidationError(
            {k: _("At most %(n)d characters.") % {"n": SECTION_MAX} for k in too_long}
        )
    return cleaned


@transaction.atomic
def report_save(
    *,
    actor: User,
    year: int,
    sections: dict[str, Any],
    report: QualityReport | None = None,
    submit: bool = False,
) -> QualityReport:
    """Create the year's draft or save an editable one; with `submit`, also submit it for
    review, and if the submission is refused the edits are not saved either."""
    if actor.kind != UserKind.ENTERPRISE or actor.enterprise_id is None:
        raise PermissionDenied(_("Only users of an enterprise write its report."))
    cleaned = _clean_sections(sections)
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year:
        raise ValidationError(
            {"year": _("The year must be between 2000 and %(y)d.") % {"y": this_year}}
        )
    if report is None:
        if QualityReport.objects.filter(enterprise_id=actor.enterprise_id, year=year).exists():
            raise ValidationError({"year": _("There is already a report for %(y)d.") % {"y": year}})
        report = QualityReport(enterprise_id=actor.enterprise_id, year=year)
    else:
        report = QualityReport.objects.select_for_update().get(pk=report.pk)
        _firm_user(actor, report)
        if report.status not in EDITABLE:
            raise IllegalTransitionError(_("A submitted or accepted report cannot be edited."))
    report.sections = cleaned
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # the same year created by a second, simultaneous request
        raise ValidationError(
            {"year": _("There is already a report for %(y)d.") % {"y": year}}
        ) from exc
    if submit:
        return report_submit(actor=actor, report=report)
    return report


@transaction.atomic
def report_submit(*, actor: User, report: QualityReport) -> QualityReport:
    report = QualityReport.objects.select_for_update().get(pk=report.pk)
    _firm_user(actor, report)
    if report.status not in EDITABLE:
        raise IllegalTransitionError(_("This report has already been submitted."))
    empty = [k for k in SECTION_KEYS if not report.sections.get(k)]
    if empty:
        raise ValidationError({k: _("This section is empty.") for k in empty})
    report.status, report.submitted_at = ReportStatus.SUBMITTED, timezone.now()
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_SUBMITTED,
        enterprise=report.enterprise,
        data={"report": report.pk},
    )
    return report


@transaction.atomic
def report_review(
    *, actor: User, report: QualityReport, accept: bool, comment: str
) -> QualityReport:
    """A regulator of the firm's area accepts the report or returns it with comments."""
    report = (
        QualityReport.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    )
    if not regulator_can(actor, Action.REPORT_REVIEW) or not in_jurisdiction(
        actor, report.enterprise.region_id
    ):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this review."))
    if report.status != ReportStatus.SUBMITTED:
        raise IllegalTransitionError(_("Only a submitted report can be reviewed."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say what must change.")})
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    report.review_comment = comment.strip()
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_ACCEPTED if accept else AuditAction.REPORT_RETURNED,
        enterprise=report.enterprise,
        data={"report": report.pk, "comment": report.review_comment},
    )
    subject = (
        _("Your %(y)d quality-credit report was accepted")
        if accept
        else _("Your %(y)d quality-credit report was returned")
    ) % {"y": report.year}
    notify_firm(
        enterprise=report.enterprise,
        subject=subject,
        body=report.review_comment or subject,
        link=reverse("selfservice:report", args=[report.pk]),
    )
    return report


@transaction.atomic
def report_publish(*, actor: User, report: QualityReport) -> QualityReport:
    """The firm publishes an accepted report; it becomes public and counts for grading."""
    report = QualityReport.objects.select_for_update().get(pk=report.pk)
    _firm_user(actor, report)
    if report.status != ReportStatus.ACCEPTED:
        raise IllegalTransitionError(_("Only an accepted report can be published."))
    report.status, report.published_on = ReportStatus.PUBLISHED, timezone.localdate()
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_PUBLISHED,
        enterprise=report.enterprise,
        data={"report": report.pk},
    )
    credit_file_changed(
        enterprise_ids=[report.enterprise_id], kind="report", record_id=report.pk, channel="firm"
    )
    return report
