"""The errors the API itself answers, whichever endpoint was asked, and their OpenAPI entries.

Every operation may be throttled (429, with Retry-After); one whose query parameters can fail
their types answers 422; one with a path parameter answers 404 when nothing has that key. The
endpoints declare their own refusals (the search's 400) beside their 200.
"""

from ninja import Schema

REF = "#/components/schemas/{model}"
# JSON Schema keywords that make a string parameter refuse some values.
STRING_CONSTRAINTS = frozenset({"pattern", "minLength", "maxLength", "enum", "const", "format"})


class NotFoundOut(Schema):
    detail: str


class TooManyRequestsOut(Schema):
    detail: str


class ParameterErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class InvalidParametersOut(Schema):
    """One readable line per bad parameter in `detail`; pydantic's details in `errors`."""

    detail: str
    errors: list[ParameterErrorOut]


def _component(schemas: dict, model: type[Schema]) -> dict:
    """A $ref to `model`, whose JSON Schema (and those it refers to) joins the components."""
    definition = model.model_json_schema(ref_template=REF, mode="serialization")
    for name, nested in definition.pop("$defs", {}).items():
        schemas.setdefault(name, nested)
    schemas.setdefault(model.__name__, definition)
    return {"$ref": REF.format(model=model.__name__)}


def _accepts_any_text(schema: dict) -> bool:
    if schema.get("type") == "array":
        return _accepts_any_text(schema.get("items", {}))
    return schema.get("type") == "string" and not STRING_CONSTRAINTS & schema.keys()


def _may_fail_validation(parameter: dict) -> bool:
    # A path parameter that the URL pattern matched is a string, always valid (or a 404).
    if parameter["in"] == "path":
        return False
    return parameter.get("required", False) or not _accepts_any_text(parameter["schema"])


def _json(ref: dict) -> dict:
    return {"application/json": {"schema": ref}}


def openapi_with_errors(schema: dict) -> dict:
    """`schema` (the OpenAPI document) with the API's own error answers in every operation."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    not_found = {
        "description": "Nothing has this key (or it is not public).",
        "content": _json(_component(components, NotFoundOut)),
    }
    invalid = {
        "description": "A parameter is missing or of the wrong type.",
        "content": _json(_component(components, InvalidParametersOut)),
    }
    throttled = {
        "description": "Too many requests from this client: come back after Retry-After.",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before the next request.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
        "content": _json(_component(components, TooManyRequestsOut)),
    }
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue  # not an operation: a path item's own summary or parameters
            parameters = operation.get("parameters", [])
            responses = operation["responses"]
            if any(parameter["in"] == "path" for parameter in parameters):
                responses.setdefault(404, not_found)
            if any(_may_fail_validation(parameter) for parameter in parameters):
                responses.setdefault(422, invalid)
            responses.setdefault(429, throttled)
    return schema
