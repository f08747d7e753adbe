from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data: firms with records, lists, accounts for every role, a plan."""

    name = "demo"
    verbose_name = "Demonstration data"
