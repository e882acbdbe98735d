"""The committed JSON Schemas are exactly what the models generate.

When a model in viewer/model/types.py changes, regenerate them with
``python -m viewer schema -o resources/schema`` and commit them with the change.
"""

from __future__ import annotations

import json

import pytest

from viewer.model.schema import SCHEMA_DIR, SCHEMAS, schema_texts


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name):
    path = SCHEMA_DIR / name
    assert path.is_file(), f"{path} is missing: run `python -m viewer schema -o resources/schema`"
    assert path.read_text(encoding="utf-8") == schema_texts()[name], (
        f"{path.name} is stale: run `python -m viewer schema -o resources/schema` and commit it")


def test_schema_folder_holds_only_generated_schemas():
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(SCHEMAS)


def test_schemas_are_usable_json_schemas():
    for name, text in schema_texts().items():
        schema = json.loads(text)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == name
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False  # misspelt keys show in the editor too
    page = json.loads(schema_texts()["page.schema.json"])
    assert page["required"] == ["number", "section"]
    assert sorted(page["properties"]["blocks"]["items"]["discriminator"]["mapping"]) == [
        "advert", "article", "box", "continuation", "guide", "image", "masthead", "photo", "rule"]
    issue = json.loads(schema_texts()["issue.schema.json"])
    assert sorted(issue["required"]) == ["date", "issue_number", "page_count", "paper"]
