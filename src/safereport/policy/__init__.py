"""The rules of DOMAIN.md sections 3 to 5 as Cedar policies, and the engine that applies them.

Framework-free: nothing here imports Django or the service's apps.
"""

from safereport.policy.decisions import CategoryVerdict, Decision, GateResult
from safereport.policy.engine import PolicyEvaluationError, decide, gate
from safereport.policy.regimes import REGIME_INFO, Regime, Rule, load
from safereport.policy.situations import (
    CaseState,
    Crime,
    GateSituation,
    Person,
    ScenarioError,
    ShareRequest,
    SharingSituation,
    parse_gate,
    parse_sharing,
)

__all__ = [
    "REGIME_INFO",
    "CaseState",
    "CategoryVerdict",
    "Crime",
    "Decision",
    "GateResult",
    "GateSituation",
    "Person",
    "PolicyEvaluationError",
    "Regime",
    "Rule",
    "ScenarioError",
    "ShareRequest",
    "SharingSituation",
    "decide",
    "gate",
    "load",
    "parse_gate",
    "parse_sharing",
]
