"""The stateless `decide` and `gate`: the CLI's scenario JSON in, the CLI's JSON out, with the
CLI's field-by-field errors (`safereport.policy.parse_sharing`/`parse_gate`). Nothing is stored."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router

from safereport.api import body
from safereport.api.auth import EVERY_ROLE, serves
from safereport.api.schemas import DecisionOut, GateOut, answers
from safereport.policy import ScenarioError, decide, gate, parse_gate, parse_sharing

router = Router(tags=["policy"])


def _body(schema: str) -> dict[str, Any]:
    """The OpenAPI request body of a scenario endpoint, which reads the body itself."""
    reference = {"$ref": f"#/components/schemas/{schema}"}
    return {"required": True, "content": {"application/json": {"schema": reference}}}


@router.post(
    "/decide",
    response=answers({200: DecisionOut}, 422),
    **serves(EVERY_ROLE, requestBody=_body("SharingScenario")),
)
def decide_scenario(request: HttpRequest) -> dict[str, Any]:
    """Decide a proposed share, exactly as `safereport decide` does."""
    return decide(parse_sharing(_scenario(request))).as_json()


@router.post(
    "/gate",
    response=answers({200: GateOut}, 422),
    **serves(EVERY_ROLE, requestBody=_body("GateScenario")),
)
def gate_scenario(request: HttpRequest) -> dict[str, Any]:
    """Run the protocol check on a proposed action, exactly as `safereport gate` does."""
    return gate(parse_gate(_scenario(request))).as_json()


def _scenario(request: HttpRequest) -> Any:
    """The body as JSON; refused in the words of the CLI (`safereport.cli`), which reads the same
    scenarios from files."""
    try:
        return body.read(request)  # 415, and 422 for what cannot be stored, as every endpoint
    except UnicodeDecodeError:
        raise ScenarioError({"(scenario)": "is not valid JSON: it is not UTF-8 text"}) from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise ScenarioError({"(scenario)": f"is not valid JSON: {error.msg} at {where}"}) from None
    except RecursionError:
        raise ScenarioError({"(scenario)": "is nested too deeply"}) from None
