from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lists.grade_source import grade_source


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Grading")

    def ready(self) -> None:
        # The lists below answer restriction questions and a province may let the C grade
        # restrict an action; they may not import us, so they are told who reads the grade.
        grade_source(path="ratings.restrictions.restriction_grade_bases")
