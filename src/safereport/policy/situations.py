"""Situations the engine decides, as typed dataclasses, and their parsing from scenario JSON.

Parsing collects every problem in a scenario, each naming its field (dotted path) and what is
allowed, so that one pass tells an officer or an integrator everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeAlias, TypeVar

from safereport.errors import ServiceError
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    EnforcementAction,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Person:
    role: Role
    age_group: AgeGroup
    immigration_status: ImmigrationStatus
    suspected_offending: bool

    @property
    def is_victim_or_witness(self) -> bool:
        return self.role in (Role.VICTIM, Role.WITNESS)


@dataclass(frozen=True, slots=True)
class Crime:
    type: CrimeType


@dataclass(frozen=True, slots=True)
class CaseState:
    stage: Stage
    support: Support
    nrm: Nrm
    # An adult's informed consent to a National Referral Mechanism referral: a different question
    # from consent to share with IE, read only by the NRM duties (DOMAIN.md section 3). Not asked
    # until it is recorded, hence the default.
    nrm_consent: Consent = Consent.NONE


@dataclass(frozen=True, slots=True)
class ShareRequest:
    purpose: Purpose
    categories: tuple[Category, ...]


# The person's consent to a share: one value for every requested category, or one per category
# (a requested category missing from the mapping is `none`), DOMAIN.md section 3.
ConsentGiven: TypeAlias = Consent | Mapping[Category, Consent]


@dataclass(frozen=True, slots=True, init=False)
class SharingSituation:
    """One proposed flow of one person's data from the police to Immigration Enforcement.

    `consent` is taken as one value or a mapping per category (`ConsentGiven`) and kept as the
    consent of each requested category, in the request's order: so two situations that give the
    same consent for what is asked are equal, whichever way it was written, and a category not
    asked for plays no part.
    """

    regime: RegimeId
    person: Person
    crime: Crime
    case: CaseState
    request: ShareRequest
    consent: tuple[tuple[Category, Consent], ...]

    def __init__(  # noqa: PLR0917 - the fields in their order, as callers have always passed them
        self,
        regime: RegimeId,
        person: Person,
        crime: Crime,
        case: CaseState,
        request: ShareRequest,
        consent: ConsentGiven | Iterable[tuple[Category, Consent]],
    ) -> None:
        # Frozen: the fields are set once, here, as the dataclass's own __init__ would.
        object.__setattr__(self, "regime", regime)
        object.__setattr__(self, "person", person)
        object.__setattr__(self, "crime", crime)
        object.__setattr__(self, "case", case)
        object.__setattr__(self, "request", request)
        object.__setattr__(self, "consent", _per_category(request.categories, consent))

    def consent_for(self, category: Category) -> Consent:
        """The person's consent to sharing this requested category."""
        for asked, consent in self.consent:
            if asked is category:
                return consent
        raise KeyError(f"{category.value} is not requested")

    @property
    def consent_by_category(self) -> dict[Category, Consent]:
        return dict(self.consent)

    @property
    def uniform_consent(self) -> Consent | None:
        """The consent, when it is the same for every requested category."""
        found = {consent for _, consent in self.consent}
        return found.pop() if len(found) == 1 else None


def _per_category(
    categories: tuple[Category, ...],
    consent: ConsentGiven | Iterable[tuple[Category, Consent]],
) -> tuple[tuple[Category, Consent], ...]:
    if isinstance(consent, Consent):
        return tuple((category, consent) for category in categories)
    if isinstance(consent, str):
        raise TypeError(f"consent must be a Consent or a mapping of them, not {consent!r}")
    given = dict(consent.items() if isinstance(consent, Mapping) else consent)
    for category, value in given.items():
        # A programming error, not a user's: scenarios are read by `parse_sharing`.
        if not isinstance(category, Category) or not isinstance(value, Consent):
            raise TypeError(f"consent maps a Category to a Consent, not {category!r}: {value!r}")
    return tuple((category, given.get(category, Consent.NONE)) for category in categories)


@dataclass(frozen=True, slots=True)
class GateSituation:
    """One proposed Immigration Enforcement action about one person (the protocol check)."""

    regime: RegimeId
    person: Person
    crime: Crime
    case: CaseState
    action: EnforcementAction
    referred_by_police: bool


class ScenarioError(ServiceError):
    """A scenario that cannot be decided: `fields` maps each dotted field to what is wrong."""

    code = "invalid_scenario"

    def __init__(self, fields: Mapping[str, str], message: str | None = None) -> None:
        fields = dict(fields)
        super().__init__(
            message or "; ".join(f"{name}: {why}" for name, why in fields.items()), fields
        )


class _Reader:
    """Walks a scenario, remembering every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: dict[str, str] = {}

    def section(
        self, data: Mapping[str, Any], name: str, keys: set[str]
    ) -> Mapping[str, Any] | None:
        """The named object, or None (with the problem noted) so its fields go unreported."""
        value = data.get(name)
        if name not in data:
            self.problems[name] = f"is required: an object with {_listed(keys)}"
            return None
        if not isinstance(value, Mapping):
            self.problems[name] = f"must be an object with {_listed(keys)}"
            return None
        self.unknown(value, keys, prefix=f"{name}.")
        return value

    def unknown(self, data: Mapping[str, Any], keys: set[str], prefix: str = "") -> None:
        for key in sorted(set(data) - keys):
            self.problems[f"{prefix}{key}"] = f"is not a known field; expected {_listed(keys)}"

    def choice(
        self, data: Mapping[str, Any] | None, key: str, kind: type[E], path: str
    ) -> E | None:
        allowed = ", ".join(item.value for item in kind)
        if data is None:
            return None
        if key not in data:
            self.problems[path] = f"is required: one of {allowed}"
            return None
        value = data[key]
        try:
            return kind(value)
        except ValueError:
            self.problems[path] = f"must be one of {allowed} (got {_shown(value)})"
            return None

    def optional_choice(
        self, data: Mapping[str, Any] | None, key: str, kind: type[E], path: str, default: E
    ) -> E | None:
        """Like `choice`, but an absent field is `default` rather than a problem."""
        if data is not None and key not in data:
            return default
        return self.choice(data, key, kind, path)

    def consent(self, data: Mapping[str, Any]) -> ConsentGiven | None:
        """`consent`: one value for every requested category, or an object of one per category."""
        allowed = ", ".join(c.value for c in Consent)
        categories = ", ".join(c.value for c in Category)
        either = f"one of {allowed}, or an object giving one of them per category"
        if "consent" not in data:
            self.problems["consent"] = f"is required: {either}"
            return None
        value = data["consent"]
        if isinstance(value, str):
            return self.choice(data, "consent", Consent, "consent")
        if not isinstance(value, Mapping):
            self.problems["consent"] = f"must be {either} (got {_shown(value)})"
            return None
        found: dict[Category, Consent] = {}
        for key in value:
            path = f"consent.{key}"
            try:
                category = Category(key)
            except ValueError:
                self.problems[path] = f"is not a data category; expected one of {categories}"
                continue
            chosen = self.choice(value, key, Consent, path)
            if chosen is not None:
                found[category] = chosen
        return found

    def flag(self, data: Mapping[str, Any] | None, key: str, path: str) -> bool | None:
        if data is None:
            return None
        if key not in data:
            self.problems[path] = "is required: true or false"
            return None
        value = data[key]
        if not isinstance(value, bool):
            self.problems[path] = f"must be true or false (got {_shown(value)})"
            return None
        return value

    def categories(self, data: Mapping[str, Any] | None, path: str) -> tuple[Category, ...] | None:
        allowed = ", ".join(c.value for c in Category)
        if data is None:
            return None
        if "categories" not in data:
            self.problems[path] = f"is required: a non-empty list of {allowed}"
            return None
        value = data["categories"]
        if not isinstance(value, list) or not value:
            self.problems[path] = f"must be a non-empty list of {allowed} (got {_shown(value)})"
            return None
        found: list[Category] = []
        for position, item in enumerate(value):
            try:
                category = Category(item)
            except ValueError:
                self.problems[f"{path}[{position}]"] = (
                    f"must be one of {allowed} (got {_shown(item)})"
                )
                continue
            if category in found:
                self.problems[f"{path}[{position}]"] = f"repeats {category.value}; list each once"
                continue
            found.append(category)
        return tuple(found)


def _listed(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_PERSON = {"role", "age_group", "immigration_status", "suspected_offending"}
_CRIME = {"type"}
_CASE = {"stage", "support", "nrm", "nrm_consent"}
_REQUEST = {"purpose", "categories"}
SHARING_KEYS = {"regime", "person", "crime", "case", "request", "consent"}
GATE_KEYS = {"regime", "person", "crime", "case", "action", "referred_by_police"}


def _regime(reader: _Reader, data: Mapping[str, Any], default: RegimeId | None) -> RegimeId | None:
    if "regime" not in data and default is not None:
        return default
    if "regime" not in data:
        allowed = ", ".join(r.value for r in RegimeId)
        reader.problems["regime"] = (
            f"is required (in the scenario or with --regime): one of {allowed}"
        )
        return None
    return reader.choice(data, "regime", RegimeId, "regime")


def _common(
    reader: _Reader, data: Mapping[str, Any]
) -> tuple[Person | None, Crime | None, CaseState | None]:
    person_data = reader.section(data, "person", _PERSON)
    role = reader.choice(person_data, "role", Role, "person.role")
    age = reader.choice(person_data, "age_group", AgeGroup, "person.age_group")
    status = reader.choice(
        person_data, "immigration_status", ImmigrationStatus, "person.immigration_status"
    )
    offending = reader.flag(person_data, "suspected_offending", "person.suspected_offending")
    crime_data = reader.section(data, "crime", _CRIME)
    crime_type = reader.choice(crime_data, "type", CrimeType, "crime.type")
    case_data = reader.section(data, "case", _CASE)
    stage = reader.choice(case_data, "stage", Stage, "case.stage")
    support = reader.choice(case_data, "support", Support, "case.support")
    nrm = reader.choice(case_data, "nrm", Nrm, "case.nrm")
    nrm_consent = reader.optional_choice(
        case_data, "nrm_consent", Consent, "case.nrm_consent", Consent.NONE
    )
    person = None
    if role and age and status and offending is not None:
        person = Person(role, age, status, offending)
    crime = Crime(crime_type) if crime_type else None
    case = None
    if stage and support and nrm and nrm_consent:
        case = CaseState(stage, support, nrm, nrm_consent)
    return person, crime, case


def _as_mapping(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ScenarioError({"(scenario)": "must be a JSON object"})
    return data


def parse_sharing(data: Any, default_regime: RegimeId | None = None) -> SharingSituation:
    """Read a `decide` scenario; raise ScenarioError naming every field that is wrong."""
    data = _as_mapping(data)
    reader = _Reader()
    reader.unknown(data, SHARING_KEYS)
    regime = _regime(reader, data, default_regime)
    person, crime, case = _common(reader, data)
    request_data = reader.section(data, "request", _REQUEST)
    purpose = reader.choice(request_data, "purpose", Purpose, "request.purpose")
    categories = reader.categories(request_data, "request.categories")
    consent = reader.consent(data)
    if (
        reader.problems
        or regime is None
        or person is None
        or crime is None
        or case is None
        or purpose is None
        or categories is None
        or consent is None
    ):
        raise ScenarioError(reader.problems)
    return SharingSituation(regime, person, crime, case, ShareRequest(purpose, categories), consent)


def parse_gate(data: Any, default_regime: RegimeId | None = None) -> GateSituation:
    """Read a `gate` scenario; raise ScenarioError naming every field that is wrong."""
    data = _as_mapping(data)
    reader = _Reader()
    reader.unknown(data, GATE_KEYS)
    regime = _regime(reader, data, default_regime)
    person, crime, case = _common(reader, data)
    action = reader.choice(data, "action", EnforcementAction, "action")
    referred = reader.flag(data, "referred_by_police", "referred_by_police")
    if (
        reader.problems
        or regime is None
        or person is None
        or crime is None
        or case is None
        or action is None
        or referred is None
    ):
        raise ScenarioError(reader.problems)
    return GateSituation(regime, person, crime, case, action, referred)


def sharing_as_json(situation: SharingSituation) -> dict[str, Any]:
    """The scenario JSON of a situation: `parse_sharing(sharing_as_json(s)) == s`."""
    return {
        "regime": situation.regime.value,
        **_common_json(situation.person, situation.crime, situation.case),
        "request": {
            "purpose": situation.request.purpose.value,
            "categories": [c.value for c in situation.request.categories],
        },
        "consent": _consent_json(situation),
    }


def _consent_json(situation: SharingSituation) -> str | dict[str, str]:
    # One value where it is the same for every requested category, as scenarios gave it before
    # consent was per category; otherwise each requested category's.
    uniform = situation.uniform_consent
    if uniform is not None:
        return uniform.value
    return {category.value: consent.value for category, consent in situation.consent}


def gate_as_json(situation: GateSituation) -> dict[str, Any]:
    """The scenario JSON of a protocol check: `parse_gate(gate_as_json(s)) == s`."""
    return {
        "regime": situation.regime.value,
        **_common_json(situation.person, situation.crime, situation.case),
        "action": situation.action.value,
        "referred_by_police": situation.referred_by_police,
    }


def _common_json(person: Person, crime: Crime, case: CaseState) -> dict[str, Any]:
    case_json = {"stage": case.stage.value, "support": case.support.value, "nrm": case.nrm.value}
    # Absent means none: a situation with no NRM consent recorded reads exactly as situations
    # stored before NRM consent was a fact of its own.
    if case.nrm_consent is not Consent.NONE:
        case_json["nrm_consent"] = case.nrm_consent.value
    return {
        "person": {
            "role": person.role.value,
            "age_group": person.age_group.value,
            "immigration_status": person.immigration_status.value,
            "suspected_offending": person.suspected_offending,
        },
        "crime": {"type": crime.type.value},
        "case": case_json,
    }
