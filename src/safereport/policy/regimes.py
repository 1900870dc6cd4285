"""The regimes: their Cedar policy text, parsed once, and the catalogue of their annotated rules.

A regime's policy set is `common.cedar` followed by the regime's own file; its version is the
sha256 of exactly that text, so a decision records which wording of the rules it was made under.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import cedarpy

from safereport.policy.vocabulary import Duty, RegimeId

# The context attributes that policies read, each as a path of names (None: the whole context).
Paths = tuple[tuple[str, ...], ...] | None

REQUIRED_ANNOTATIONS = ("id", "rule", "source", "statement")
# `@basis` names why a forbid policy of `share` prohibits a category, where that is more than "a
# rule forbade it": the values `decisions.Basis` reports beyond Cedar's own.
FORBID_BASES = frozenset({"not_consented"})


@dataclass(frozen=True, slots=True)
class RegimeInfo:
    id: RegimeId
    title: str
    position: str
    sources: tuple[str, ...]
    # What the regime's text is, where that is not plain: said wherever the regime is listed, so
    # that nobody takes an announcement for a published protocol.
    standing: str | None = None


REGIME_INFO: dict[RegimeId, RegimeInfo] = {
    RegimeId.COMPLETE_FIREWALL: RegimeInfo(
        RegimeId.COMPLETE_FIREWALL,
        "Complete firewall",
        "No victim or witness data goes from police to Immigration Enforcement for immigration "
        "control.",
        ("003_10dcae4fb6beeab4.txt",),
    ),
    RegimeId.HMICFRS_INTERIM: RegimeInfo(
        RegimeId.HMICFRS_INTERIM,
        "HMICFRS interim Recommendation 1",
        "Police stop sharing a domestic abuse victim's data where they only have doubts about "
        "status, and link the victim to a third party.",
        ("002_5d3773e54a66fdb4.txt",),
    ),
    RegimeId.MIGRANT_VICTIMS_PROTOCOL: RegimeInfo(
        RegimeId.MIGRANT_VICTIMS_PROTOCOL,
        "Immigration Enforcement Migrant Victims Protocol",
        "Sharing continues; no enforcement action against a victim while investigation and "
        "prosecution are ongoing and the victim is receiving support and advice.",
        ("000_9cc3747c4ea37c01.txt", "001_254dc38fcff2b4b2.txt", "004_960044b7495469e0.txt"),
    ),
    RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023: RegimeInfo(
        RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023,
        "Migrant Victims Protocol as announced in 2023 (no published text)",
        "As announced in the written answer HL9622 (31 July 2023), with no published protocol "
        "text: no enforcement action against a domestic abuse victim while proceedings are "
        "ongoing or support is being sought.",
        ("written answer HL9622, 31 July 2023 (public document)",),
        standing=(
            "Announced in the written answer HL9622 (31 July 2023), which said the protocol "
            "would be finalised and communicated later that year; no published protocol text "
            "has been found, so these rules follow the answer's wording."
        ),
    ),
}


class PolicyDefinitionError(RuntimeError):
    """The policy files themselves are wrong: a bug in the rules, never the user's input."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One annotated Cedar policy."""

    id: str
    rule: str  # the rule's name in DOMAIN.md, e.g. "H1", or "duty:give_notice"
    effect: str  # "permit" | "forbid"
    action: str  # the Cedar action the policy governs: share, share_duty, act, act_duty
    source: str
    statement: str
    duty: Duty | None  # for duty policies, the duty they create
    follows: str | None  # @follows: "permitted", "allowed" or "forbid:<rule id>"
    basis: str | None = None  # @basis, on a forbid policy of share: one of FORBID_BASES

    @property
    def kind(self) -> str:
        """How `policy show` groups it: prohibition, permission or duty."""
        if self.duty is not None:
            return "duty"
        return "prohibition" if self.effect == "forbid" else "permission"

    def as_json(self) -> dict[str, str]:
        effect = "duty" if self.duty is not None else self.effect
        return {
            "id": self.id,
            "rule": self.rule,
            "effect": effect,
            "source": self.source,
            "statement": self.statement,
        }


@dataclass(frozen=True, eq=False)  # compared by identity: one parsed Regime per process
class Regime:
    """A regime's parsed policy set, its version and its rules, keyed by Cedar's policy ids."""

    info: RegimeInfo
    text: str
    version: str
    policy_set: cedarpy.PolicySet
    rules_by_policy_id: dict[str, Rule]
    context_paths: dict[str, Paths]
    # What a request for one resource can read: the policies of its action scoped to that
    # resource (`resource == ...`), with those scoped to any (`_ANY_RESOURCE` holds these).
    resource_context_paths: dict[tuple[str, str, str], Paths]

    @property
    def id(self) -> RegimeId:
        return self.info.id

    def paths_for(self, action: str, resource_type: str, resource_id: str) -> Paths:
        """The context attributes a request's answer depends on (None: the whole context)."""
        paths = self.resource_context_paths
        found: Paths = paths.get((action, resource_type, resource_id), _UNNAMED)
        if found is _UNNAMED:
            return paths.get((action, *_ANY_RESOURCE), ())
        return found

    @property
    def rules(self) -> list[Rule]:
        return list(self.rules_by_policy_id.values())


def _read(name: str) -> str:
    return resources.files("safereport.policy").joinpath("cedar", name).read_text("utf-8")


def schema_text() -> str:
    return _read("safereport.cedarschema")


def regime_text(regime: RegimeId) -> str:
    """The exact policy text evaluated for a regime: the common rules, then the regime's own."""
    return _read("common.cedar") + "\n" + _read(f"{regime.value}.cedar")


@cache
def load(regime: RegimeId) -> Regime:
    """Parse a regime once per process; every later decision reuses the parsed set."""
    regime = RegimeId(regime)  # also accept the plain string id
    return build(regime, regime_text(regime))


def build(regime: RegimeId, text: str) -> Regime:
    """A Regime from policy text (`load` gives the shipped text; tests give altered ones)."""
    est = json.loads(cedarpy.policies_to_json_str(text))["staticPolicies"]
    rules = {policy_id: _rule(policy_id, policy) for policy_id, policy in est.items()}
    ids = [rule.id for rule in rules.values()]
    if len(ids) != len(set(ids)):
        raise PolicyDefinitionError(f"{regime.value}: two policies share an @id")
    reads = _context_reads(est.values())
    return Regime(
        info=REGIME_INFO[regime],
        text=text,
        version=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        policy_set=cedarpy.PolicySet.from_str(text),
        rules_by_policy_id=rules,
        context_paths=_by_action(reads),
        resource_context_paths=_by_resource(reads),
    )


def _rule(policy_id: str, policy: dict[str, Any]) -> Rule:
    notes: dict[str, str] = policy.get("annotations", {})
    missing = [name for name in REQUIRED_ANNOTATIONS if not notes.get(name)]
    if missing:
        raise PolicyDefinitionError(f"{policy_id} lacks @{', @'.join(missing)}")
    action = _scoped_action(policy)
    duty = None
    if action in ("share_duty", "act_duty"):
        scope = policy["resource"]
        if scope.get("op") != "==" or "entity" not in scope:
            raise PolicyDefinitionError(f"{notes['id']} must name one duty")
        duty = Duty(scope["entity"]["id"])
    basis = notes.get("basis")
    if basis is not None and (
        basis not in FORBID_BASES or action != "share" or policy["effect"] != "forbid"
    ):
        raise PolicyDefinitionError(
            f"{notes['id']}: @basis must be one of {', '.join(sorted(FORBID_BASES))}, "
            "on a forbid policy of share"
        )
    return Rule(
        id=notes["id"],
        rule=notes["rule"],
        effect=policy["effect"],
        action=action,
        source=notes["source"],
        statement=notes["statement"],
        duty=duty,
        follows=notes.get("follows"),
        basis=basis,
    )


def _scoped_action(policy: dict[str, Any]) -> str:
    # Every policy names exactly one action, so that a rule reads as being about one question.
    scope = policy["action"]
    if scope.get("op") != "==":
        raise PolicyDefinitionError(
            f"policy {policy['annotations'].get('id')} must name one action"
        )
    return str(scope["entity"]["id"])


# What the policies read of the context, by the action and resource a policy's scope names: no
# entity type or id (`_ANY_RESOURCE`) for a policy that is not scoped to one resource. None: the
# whole context.
Reads = dict[tuple[str, str, str], set[tuple[str, ...]] | None]
_ANY_RESOURCE: tuple[str, str] = ("", "")
_UNNAMED: Any = object()


def _context_reads(policies: Any) -> Reads:
    read: Reads = {}
    for policy in policies:
        action = _scoped_action(policy)
        scope = policy["resource"]
        if scope.get("op") == "==" and "entity" in scope:
            key = (action, str(scope["entity"]["type"]), str(scope["entity"]["id"]))
        else:
            key = (action, *_ANY_RESOURCE)
        _add_reads(read, key, policy)
    return read


def _by_action(read: Reads) -> dict[str, Paths]:
    """For each action, the context attributes its policies read (None: the whole context).

    Cedar's answer to a request is a function of the attributes its policies read, so two
    requests that agree on these (and on the resource) get the same answer. The exhaustive
    check relies on this to evaluate each distinct question once.
    """
    paths: dict[str, set[tuple[str, ...]] | None] = {}
    for (action, _kind, _name), own in read.items():
        current = paths.setdefault(action, set())
        if own is None or current is None:
            paths[action] = None
        else:
            current.update(own)
    return {action: None if p is None else tuple(sorted(p)) for action, p in paths.items()}


def _by_resource(read: Reads) -> dict[tuple[str, str, str], Paths]:
    """For each action and resource that a policy names, the context attributes a request for
    it can make Cedar read; and, under `_ANY_RESOURCE`, what a request for any other can.

    Finer than `_by_action`, and as sound: Cedar tests a policy's scope before its conditions,
    so a policy scoped to another resource neither applies nor reads anything. The exhaustive
    check asks each duty's question once for what that duty's rules read, not again for every
    value of what the other duties' rules read.
    """
    # Equal paths as one object, so that an evaluator can tell them alike by identity.
    alike: dict[Paths, Paths] = {}
    made: dict[tuple[str, str, str], Paths] = {}
    for (action, kind, name), own in read.items():
        any_resource = read.get((action, *_ANY_RESOURCE), set())
        union = None if own is None or any_resource is None else own | any_resource
        paths = None if union is None else tuple(sorted(union))
        made[action, kind, name] = alike.setdefault(paths, paths)
    return made


def _add_reads(read: Reads, key: tuple[str, str, str], policy: Any) -> None:
    """Add what the policy's conditions read of the context to `read[key]` (None: all of it)."""
    found: set[tuple[str, ...]] = set()
    whole = any(_collect(c["body"], found) for c in policy.get("conditions", []))
    current = read.setdefault(key, set())
    if whole or current is None:
        read[key] = None
    else:
        current.update(found)


def _collect(node: Any, found: set[tuple[str, ...]]) -> bool:
    """Add the context paths an expression reads to `found`; True if it reads context whole."""
    if isinstance(node, list):
        return any([_collect(item, found) for item in node])  # noqa: C419 - visit every item
    if not isinstance(node, dict):
        return False
    if node.get("Var") == "context":
        return True
    for op in (".", "has"):
        if op in node:
            chain = _chain(node[op])
            if chain is not None:
                found.add(chain)
                return False
    return any([_collect(value, found) for value in node.values()])  # noqa: C419 - visit every item


def _chain(access: dict[str, Any]) -> tuple[str, ...] | None:
    """`context.a.b` as ("a", "b"); None when the access is not rooted at context."""
    names = [str(access["attr"])]
    left = access["left"]
    while isinstance(left, dict) and "." in left:
        names.append(str(left["."]["attr"]))
        left = left["."]["left"]
    if isinstance(left, dict) and left.get("Var") == "context":
        return tuple(reversed(names))
    return None
