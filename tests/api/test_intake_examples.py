"""The API docs show a request example for every intake kind, one record and a batch, and each
example is a record the intake takes as it stands: "Try it out" with it writes the record."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from enterprises.intake_examples import EXAMPLE_USCC, intake_example, intake_example_kinds
from enterprises.intake_fields import SPECS
from tests.factories import EnterpriseFactory

# The intake operations' paths by record kind (the kinds' URL names are intake-<kind>).
PATHS = {kind: reverse(f"intake-{kind}") for kind in SPECS}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _examples(document: dict[str, Any], kind: str) -> dict[str, Any]:
    body = document["paths"][PATHS[kind]]["post"]["requestBody"]["content"]["application/json"]
    return body["examples"]


def test_it_has_an_example_for_every_kind_the_intake_takes() -> None:
    assert set(intake_example_kinds()) == set(SPECS)


@pytest.mark.parametrize("kind", list(SPECS))
def test_it_shows_one_record_and_a_batch_of_each_kind(document: dict[str, Any], kind: str) -> None:
    values = [example["value"] for example in _examples(document, kind).values()]
    assert values == [intake_example(kind), [intake_example(kind)]]


@pytest.mark.parametrize("kind", list(SPECS))
def test_each_example_uses_only_fields_of_its_kind(document: dict[str, Any], kind: str) -> None:
    record = document["components"]["schemas"][f"{kind.title()}Record"]
    example = intake_example(kind)
    assert set(example) <= set(record["properties"])
    assert set(record["required"]) <= set(example)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(SPECS))
def test_each_example_is_taken_as_it_stands(api: APIClient, kind: str) -> None:
    firm = EnterpriseFactory(uscc=EXAMPLE_USCC)
    answer = api.post(PATHS[kind], intake_example(kind), format="json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["status"] == "created"
    model = SPECS[kind].model
    assert (
        model.objects.filter(enterprise=firm, source_ref=intake_example(kind)["source_ref"]).count()
        == 1
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(SPECS))
def test_each_batch_example_is_taken_as_it_stands(api: APIClient, kind: str) -> None:
    firm = EnterpriseFactory(uscc=EXAMPLE_USCC)
    answer = api.post(PATHS[kind], [intake_example(kind)], format="json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["created"] == 1
    assert SPECS[kind].model.objects.filter(enterprise=firm).count() == 1
