"""A compact, human-readable outline of a JSON Schema for the prompt.

The full schema costs about 3,600 tokens in a prompt; the grammar already enforces it, so the
model only needs the outline: field names, enum values, id formats and list bounds. The outline
is generated from the schema, so it never drifts from what the grammar enforces.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def sketch(schema: Schema) -> str:
    """One line per object type, top level first, e.g. ``Actor = {id: A1, name: str, ...}``."""
    defs: Schema = schema.get("$defs", {})
    lines = [f"{schema.get('title', 'Root')} = {_object(schema, defs)}"]
    lines += [f"{name} = {_object(sub, defs)}" for name, sub in defs.items() if "properties" in sub]
    return "\n".join(lines)


def _object(schema: Schema, defs: Schema) -> str:
    fields = []
    for name, prop in schema.get("properties", {}).items():
        text = f"{name}: {_type(prop, defs)}"
        if prop.get("description"):
            text += f" ({prop['description']})"
        fields.append(text)
    return "{" + ", ".join(fields) + "}"


def _type(prop: Schema, defs: Schema) -> str:
    if "$ref" in prop:
        return str(prop["$ref"].rsplit("/", 1)[-1])
    if "anyOf" in prop:
        return "|".join(_type(option, defs) for option in prop["anyOf"])
    if "enum" in prop:
        return "|".join(str(v) for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        low, high = prop.get("minItems", 0), prop.get("maxItems")
        bound = f"{low}-{high}" if high is not None else f"{low}+"
        return f"[{_type(prop.get('items', {}), defs)}] {bound}"
    if kind == "string" and "pattern" in prop:
        return _pattern_example(prop["pattern"])
    if kind == "null":
        return "null"
    return {"string": "str", "integer": "int", "number": "num", "boolean": "bool"}.get(
        str(kind), "any"
    )


def _pattern_example(pattern: str) -> str:
    """``^A[0-9]{1,2}$`` -> ``A1``; alternatives keep their literal words."""
    body = pattern.strip("^$")
    if body.startswith("(") and body.endswith(")"):
        return "|".join(_pattern_example(part) for part in body[1:-1].split("|"))
    if body.startswith("["):
        letters = body[1 : body.index("]")]
        return "/".join(f"{letter}1" for letter in letters)
    return body.replace("[0-9]{1,2}", "1")
