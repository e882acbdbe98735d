"""JSON Schemas of the descriptor files, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from ..resources_path import SCHEMA_DIR  # noqa: F401 (where the shipped schemas are)
from .types import Issue, Page

SCHEMAS = {"issue.schema.json": Issue, "page.schema.json": Page}


def schema_texts() -> dict[str, str]:
    """File name -> schema text, exactly as shipped in the package's resources/schema."""
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        # descriptors may name their schema; the loader ignores the key
        schema.setdefault("properties", {})["$schema"] = {"type": "string", "description": "The JSON Schema of this file."}
        schema["$id"] = name
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
