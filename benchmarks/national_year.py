"""A national year of fictional records (issue 12, item 9): the 44 police forces of England and
Wales, about 1,000,000 cases, 40,000 sharing decisions and 5,000,000 audit events, loaded into
PostgreSQL for the oversight benchmark (`bench_oversight.py`).

    python benchmarks/national_year.py --cases 1000000 --events 5000000 --decisions 40000

run on its own makes the scratch database `safereport_national_year` (dropped first if it
exists), migrates it, loads it and leaves it in place for EXPLAIN ANALYZE (`--drop` drops it at
the end). The encryption keys are thrown away with the process: the counts, vocabulary words,
dates and JSON can be read with SQL, the encrypted columns cannot. `load()` loads into the
database Django is configured with, which the benchmark does.

Every person is invented and most are not there at all: a party has a person (encrypted
identity: "Example Person n", Example Street, drama-range phone numbers, example.org) only when a
sharing decision was asked about it; every other party has none, as a third-party report's does.
Notice texts are short placeholders (their positions are the rules' real answers); referral
contents are placeholders. Sharing decisions are the engine's real answers: each situation is
really decided (`policy.decide`), so the comparison of regimes replays them as recorded.

Cases are reported on days spread evenly over the whole current year to 31 March
(`periods.year_of(today)`), days after today included, so that the statistics page's default
period holds a whole year's volume. Audit events carry the time they were loaded
(`append_batch` stamps each batch with the time it is written).

The big tables are written with PostgreSQL's COPY, each value prepared by the model's own field
(so encrypted columns hold real ciphertexts and JSON columns real JSON), with their keys assigned
here; the audit log goes through `audit.storage.append_batch`, as `bench_audit.py` loads it.
"""

# Django can be configured only once the scratch database's settings are in the environment
# (main, or the benchmark), so its modules are imported inside the functions that use them.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import bench_api

DATABASE = "safereport_national_year"
LONDON = ZoneInfo("Europe/London")
CHUNK = 10_000  # cases per transaction (with their parties, notices, referrals...)
DAY = 86_400  # seconds

# Relative sizes of the forces (about their populations, in millions): only so that the
# Metropolitan Police has the most cases and the City of London the fewest, not official figures.
FORCE_SIZES = {
    "Avon and Somerset Constabulary": 1.8,
    "Bedfordshire Police": 0.7,
    "Cambridgeshire Constabulary": 0.9,
    "Cheshire Constabulary": 1.1,
    "City of London Police": 0.1,
    "Cleveland Police": 0.6,
    "Cumbria Constabulary": 0.5,
    "Derbyshire Constabulary": 1.1,
    "Devon and Cornwall Police": 1.8,
    "Dorset Police": 0.8,
    "Durham Constabulary": 0.65,
    "Dyfed-Powys Police": 0.5,
    "Essex Police": 1.9,
    "Gloucestershire Constabulary": 0.65,
    "Greater Manchester Police": 2.9,
    "Gwent Police": 0.6,
    "Hampshire and Isle of Wight Constabulary": 2.0,
    "Hertfordshire Constabulary": 1.2,
    "Humberside Police": 0.95,
    "Kent Police": 1.9,
    "Lancashire Constabulary": 1.5,
    "Leicestershire Police": 1.1,
    "Lincolnshire Police": 0.77,
    "Merseyside Police": 1.45,
    "Metropolitan Police Service": 8.9,
    "Norfolk Constabulary": 0.92,
    "North Wales Police": 0.7,
    "North Yorkshire Police": 0.83,
    "Northamptonshire Police": 0.79,
    "Northumbria Police": 1.48,
    "Nottinghamshire Police": 1.16,
    "South Wales Police": 1.33,
    "South Yorkshire Police": 1.42,
    "Staffordshire Police": 1.14,
    "Suffolk Constabulary": 0.77,
    "Surrey Police": 1.2,
    "Sussex Police": 1.7,
    "Thames Valley Police": 2.45,
    "Warwickshire Police": 0.6,
    "West Mercia Police": 1.3,
    "West Midlands Police": 2.95,
    "West Yorkshire Police": 2.35,
    "Wiltshire Police": 0.73,
    "British Transport Police": 0.4,
}

# Fictional support organisations: (code, name, services). The national ones take referrals from
# every force, each regional one from its forces (`_region_entry`).
SUPPORT = (
    ("example-national-helpline", "Example National Helpline (fictional)", ("domestic_abuse",)),
    (
        "example-migrant-womens-service",
        "Example Migrant Women's Service (fictional)",
        ("domestic_abuse", "sexual_violence"),
    ),
    (
        "example-anti-slavery-network",
        "Example Anti-Slavery Network (fictional)",
        ("modern_slavery",),
    ),
    ("example-north-support", "Example Support North (fictional)", ("domestic_abuse",)),
    ("example-south-support", "Example Support South (fictional)", ("domestic_abuse",)),
    ("example-wales-support", "Example Support Cymru (fictional)", ("domestic_abuse",)),
)
NATIONAL_SUPPORT = frozenset(
    {"example-national-helpline", "example-migrant-womens-service", "example-anti-slavery-network"}
)
WALES = frozenset(
    {"dyfed-powys-police", "gwent-police", "north-wales-police", "south-wales-police"}
)
NORTH_WORDS = ("cheshire", "cleveland", "cumbria", "durham", "greater", "humberside", "lancashire")
NORTH_WORDS += ("merseyside", "north-yorkshire", "northumbria", "south-yorkshire", "west-yorkshire")


def _region_entry(code: str) -> str:
    """The regional fictional service for a force (every force has one, as well as the
    national ones)."""
    if code in WALES:
        return "example-wales-support"
    return "example-north-support" if code.startswith(NORTH_WORDS) else "example-south-support"


# How the year's records are spread (fictional, and round: a plausible mix, not a forecast).
CRIMES = {"domestic_abuse": 70, "sexual_violence": 12, "modern_slavery": 3, "other": 15}
STAGES = {"investigation": 72, "prosecution": 16, "concluded": 12}
AGES = {"adult": 88, "child": 12}
STATUSES = {"not_in_question": 82, "uncertain": 11, "insecure": 7}
SUPPORTS = {"none": 55, "offered": 20, "receiving": 25}
NRM_FOR_SLAVERY = {
    "none": 40,
    "referred": 30,
    "positive_reasonable_grounds": 15,
    "positive_conclusive_grounds": 10,
    "negative": 5,
}
THIRD_PARTY_SHARE = 0.06  # of cases, reported through a support organisation
WITNESS_SHARE = 0.20  # of cases, with a witness as well as the victim
REFERRAL_SHARE = 0.55  # of domestic abuse victims, offered a referral
LANGUAGE_SHARES = {
    "en": 84, "pl": 3, "ro": 2.5, "ar": 1.5, "ur": 1.5, "pt": 1.2, "es": 1.2, "bn": 0.8, "cy": 0.8,
    "fa": 0.7, "zh-hans": 0.6, "so": 0.6, "tr": 0.6, "lt": 0.5, "sq": 0.5, "vi": 0.4,
}  # fmt: skip
CHANNELS = {"in_person": 55, "sms": 25, "email": 12, "letter": 8}
DELIVERY_STATUSES = {"delivered": 93, "sending": 3, "failed": 4}
# Sharing decisions: what is asked for each purpose, and how often.
PURPOSES = {
    "status_check": 30,
    "investigation": 25,
    "safeguarding": 20,
    "enforcement_referral": 15,
    "victim_request": 10,
}
REQUESTS = {
    "status_check": (("identity", "immigration"), ("identity",)),
    "investigation": (("identity", "offence"), ("identity", "contact", "offence")),
    "safeguarding": (("identity", "contact", "support"), ("identity", "support")),
    "enforcement_referral": (("identity", "contact", "location", "immigration"),),
    "victim_request": (("identity", "immigration"), ("identity", "immigration", "support")),
}
DISCLOSURE_SHARE = 0.065  # of decisions: about 2,600 of 40,000 disclosed (of those permitted)
# The lawful bases officers record; "" for a share made before the service asked for one.
BASES = ("dpa_2018_part_3_s35",) * 6 + ("uk_gdpr_6_1_e_dpa_schedule_1",) * 3 + ("",)
CHECK_ACTIONS = {
    "arrest": 40,
    "casework_decision": 20,
    "detention": 15,
    "removal": 15,
    "reporting_conditions": 10,
}


@dataclass(frozen=True)
class Sizes:
    cases: int = 1_000_000
    events: int = 5_000_000
    decisions: int = 40_000


@dataclass
class Force:
    code: str
    name: str
    share: float
    regime: str
    pk: int = 0
    officer: Any = None  # accounts.User
    dpo: Any = None


@dataclass
class Loaded:
    """What the benchmark needs from the load: the period, the forces, an inspector, counts."""

    period: Any  # oversight.periods.Period
    forces: list[Force]
    inspector: Any  # accounts.User
    counts: Counter[str] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)


class JsonText(str):
    """JSON already written as text (a stored position, reused by many rows)."""

    __slots__ = ()


def weighted(rng: random.Random, shares: Mapping[str, float]) -> Callable[[], str]:
    """A function drawing one of `shares`' keys with those relative weights."""
    values = list(shares)
    cumulative = list(itertools.accumulate(shares.values()))
    total = cumulative[-1]
    return lambda: values[bisect.bisect(cumulative, rng.random() * total)]


def moment(day: date, seconds: float) -> datetime:
    """`seconds` after midnight of `day` in London."""
    return datetime.combine(day, clock.min, tzinfo=LONDON) + timedelta(seconds=seconds)


def copy_rows(model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY `rows` (values in `columns` order, attribute names) into `model`'s table. Encrypted
    values go through the model's own field, so they are stored exactly as the ORM stores them."""
    from django.db import connection
    from psycopg import sql

    from safereport.crypto.fields import EncryptedField

    fields = [model._meta.get_field(column) for column in columns]

    def prepare(found: Any) -> Callable[[Any], Any] | None:
        if isinstance(found, EncryptedField):
            return lambda value: found.get_db_prep_value(value, connection)
        if found.get_internal_type() == "JSONField":
            return lambda value: value if isinstance(value, JsonText) else json.dumps(value)
        return None

    preparers = [prepare(f) for f in fields]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as writer:
        for row in rows:
            writer.write_row(
                [
                    value if p is None or value is None else p(value)
                    for p, value in zip(preparers, row, strict=True)
                ]
            )
            written += 1
    return written


class Keys:
    """The next primary key of each table: the load assigns them, so that rows can refer to each
    other before they are written; the sequences are moved past them at the end."""

    def __init__(self) -> None:
        self._next: dict[Any, itertools.count[int]] = {}

    def take(self, model: Any) -> int:
        if model not in self._next:
            from django.db.models import Max

            highest = model.objects.aggregate(m=Max("pk"))["m"] or 0
            self._next[model] = itertools.count(highest + 1)
        return next(self._next[model])

    @property
    def models(self) -> list[Any]:
        return list(self._next)


@dataclass(slots=True)
class Drawn:
    """A case as drawn: what its parties' rows, and the decisions about them, need of it."""

    pk: int
    reference: str
    force: Force
    force_index: int
    crime: str
    stage: str
    third_party: bool
    created: datetime


@dataclass(frozen=True, slots=True)
class Facts:
    """A party's facts, as the rules read them."""

    role: str
    age: str
    status: str
    suspected: bool
    support: str
    nrm: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A party a sharing decision may be asked about."""

    party: int
    case: Drawn
    facts: Facts


def load(sizes: Sizes, *, seed: int = 2026, say: Callable[[str], None] = print) -> Loaded:
    """Load the national year into the configured (migrated, empty) PostgreSQL database."""
    from django.utils import timezone

    from safereport.oversight.periods import year_of

    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not security
    loader = Loader(rng, sizes, year_of(timezone.localdate()), say)
    return loader.run()


class Loader:
    def __init__(
        self, rng: random.Random, sizes: Sizes, period: Any, say: Callable[[str], None]
    ) -> None:
        self.rng, self.sizes, self.period, self.say = rng, sizes, period, say
        self.keys = Keys()
        self.counts: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}
        self.forces: list[Force] = []
        self.candidates: list[Candidate] = []
        self.entries: dict[str, Any] = {}  # code -> DirectoryEntry
        self.workers: dict[str, Any] = {}  # support organisation code -> User
        self.positions: dict[tuple[str, str, str, Facts], tuple[str, str, str]] = {}
        self.due: dict[date, date] = {}
        self.references = itertools.count(1)
        self.ie: Any = None  # the Immigration Enforcement organisation
        self.ie_worker: Any = None
        self.inspector: Any = None

    def ref(self, prefix: str) -> str:
        """A reference shaped as the service's (`prefix_` and 32 hex digits), drawn from the
        seeded generator: fast, and the same run after run; these records protect nobody."""
        return f"{prefix}_{self.rng.getrandbits(128):032x}"

    def timed(self, name: str, part: Callable[[], None]) -> None:
        started = time.perf_counter()
        part()
        self.seconds[name] = time.perf_counter() - started
        self.say(f"  {name}: {self.seconds[name]:.1f} s")

    def run(self) -> Loaded:
        self.say(
            f"loading a national year {self.period.code} ({self.sizes.cases:,} cases, "
            f"{self.sizes.decisions:,} decisions, {self.sizes.events:,} audit events):"
        )
        self.timed("organisations, users, regimes, directory", self.organisations)
        self.timed(
            "cases, parties, notices, deliveries, referrals, third-party reports", self.cases
        )
        self.timed("sharing decisions, disclosures, protections, checks", self.decisions)
        self.timed("audit events (storage.append_batch)", self.events)
        self.timed("sequences, VACUUM ANALYZE", self.finish)
        self.say(f"  total: {sum(self.seconds.values()):.1f} s")
        self.say("  rows: " + ", ".join(f"{name} {n:,}" for name, n in self.counts.items()))
        return Loaded(self.period, self.forces, self.inspector, self.counts, self.seconds)

    # Organisations ------------------------------------------------------------------------------

    def organisations(self) -> None:
        from django.db import transaction

        from safereport.accounts.forces import FORCE_NAMES, force_code
        from safereport.accounts.models import Organisation, User
        from safereport.casework.models import ForceRegime
        from safereport.pathways.models import DirectoryEntry
        from safereport.policy.vocabulary import RegimeId

        total = sum(FORCE_SIZES[name] for name in FORCE_NAMES)
        # A mix of the four regimes: the Metropolitan Police on HMICFRS's interim
        # recommendation (as in the demo), the others dealt round in a seeded order.
        regimes = [r.value for r in RegimeId]
        order = sorted(FORCE_NAMES, key=lambda _: self.rng.random())
        chosen = {name: regimes[n % len(regimes)] for n, name in enumerate(order)}
        chosen["Metropolitan Police Service"] = RegimeId.HMICFRS_INTERIM.value
        self.forces = [
            Force(force_code(name), name, FORCE_SIZES[name] / total, chosen[name])
            for name in FORCE_NAMES
        ]
        with transaction.atomic():
            made = Organisation.objects.bulk_create(
                [Organisation(code=f.code, name=f.name, kind="police_force") for f in self.forces]
                + [
                    Organisation(
                        code="immigration-enforcement",
                        name="Home Office Immigration Enforcement",
                        kind="immigration_enforcement",
                    ),
                    Organisation(
                        code="hmicfrs",
                        name="HM Inspectorate of Constabulary and Fire & Rescue Services",
                        kind="inspectorate",
                    ),
                ]
                + [
                    Organisation(code=code, name=name, kind="support_organisation")
                    for code, name, _ in SUPPORT
                ]
            )
            by_code = {o.code: o for o in made}
            for force in self.forces:
                force.pk = by_code[force.code].pk
            self.ie = by_code["immigration-enforcement"]

            def user(name: str, role: str, organisation: Any) -> User:
                # No password: the benchmark signs in with force_login, and hashing a password
                # per user would cost a second each.
                made = User(username=name, role=role, organisation=organisation)
                made.set_unusable_password()
                return made

            people = [
                user(f"{role}-{force.code}", role, by_code[force.code])
                for force in self.forces
                for role in ("police_officer", "police_dpo")
            ]
            people += [
                user("inspector", "inspector", by_code["hmicfrs"]),
                user("ie-caseworker", "ie_caseworker", self.ie),
            ]
            people += [
                user(f"support-{code}", "support_worker", by_code[code]) for code, _, _ in SUPPORT
            ]
            User.objects.bulk_create(people)
            users = {u.username: u for u in people}
            for force in self.forces:
                force.officer = users[f"police_officer-{force.code}"]
                force.dpo = users[f"police_dpo-{force.code}"]
            self.inspector = users["inspector"]
            self.ie_worker = users["ie-caseworker"]
            self.workers = {code: users[f"support-{code}"] for code, _, _ in SUPPORT}
            # Each force's regime took effect a year before the period, as set by its DPO.
            ForceRegime.objects.bulk_create(
                ForceRegime(
                    force_id=force.pk,
                    regime=force.regime,
                    effective_from=self.period.start - timedelta(days=365),
                    set_by=force.dpo,
                )
                for force in self.forces
            )
            codes = [force.code for force in self.forces]
            entries = DirectoryEntry.objects.bulk_create(
                DirectoryEntry(
                    organisation=by_code[code],
                    services=list(services),
                    national=code in NATIONAL_SUPPORT,
                    forces=[] if code in NATIONAL_SUPPORT else self._served(code, codes),
                    languages=["en", "es", "pt", "ar", "pl"]
                    if "migrant" in code
                    else ["en", "cy"]
                    if "wales" in code
                    else ["en"],
                    intake_channel="service_inbox",
                    has_capacity=True,
                )
                for code, _, services in SUPPORT
            )
            self.entries = {e.organisation.code: e for e in entries}
        self.counts.update(
            organisations=len(made), users=len(people), force_regimes=len(self.forces)
        )

    @staticmethod
    def _served(code: str, forces: list[str]) -> list[str]:
        return [force for force in forces if _region_entry(force) == code]

    # Cases ---------------------------------------------------------------------------------------

    def cases(self) -> None:
        from django.db import transaction

        total = self.sizes.cases
        shares = [round(force.share * total) for force in self.forces]
        biggest = max(range(len(shares)), key=shares.__getitem__)
        shares[biggest] += total - sum(shares)
        draw = Draws(self.rng)
        for index, (force, count) in enumerate(zip(self.forces, shares, strict=True)):
            for start in range(0, count, CHUNK):
                with transaction.atomic():
                    self._chunk(index, force, min(CHUNK, count - start), draw)

    def _chunk(self, index: int, force: Force, count: int, draw: Draws) -> None:
        from safereport.casework.models import Case, Party
        from safereport.notices.models import Delivery, Notice, NoticeSeries
        from safereport.pathways.models import Referral, ReferralStep, ThirdPartyReport

        rows = Rows()
        days = (self.period.end - self.period.start).days + 1
        for _ in range(count):
            day = self.period.start + timedelta(days=self.rng.randrange(days))
            self._case(index, force, day, draw, rows)
        for model, columns, name in (
            (Case, CASE_COLUMNS, "cases"),
            (Party, PARTY_COLUMNS, "parties"),
            (NoticeSeries, SERIES_COLUMNS, "notice_series"),
            (Notice, NOTICE_COLUMNS, "notices"),
            (Delivery, DELIVERY_COLUMNS, "deliveries"),
            (Referral, REFERRAL_COLUMNS, "referrals"),
            (ReferralStep, STEP_COLUMNS, "referral_steps"),
            (ThirdPartyReport, REPORT_COLUMNS, "third_party_reports"),
        ):
            self.counts[name] += copy_rows(model, columns, getattr(rows, name))

    def _case(self, index: int, force: Force, day: date, draw: Draws, rows: Rows) -> None:
        from safereport.casework.models import Case, Party

        rng = self.rng
        case = Drawn(
            pk=self.keys.take(Case),
            reference=self.ref("case"),
            force=force,
            force_index=index,
            crime=draw.crime(),
            stage=draw.stage(),
            third_party=rng.random() < THIRD_PARTY_SHARE,
            created=moment(day, rng.uniform(7 * 3600, 23 * 3600)),
        )
        rows.cases.append(
            (
                case.pk, case.reference, force.pk, case.crime, "Fictional benchmark case.",
                day - timedelta(days=rng.randrange(30)), day,
                "third_party" if case.third_party else "direct", case.stage, force.officer.pk,
                case.created,
            )
        )  # fmt: skip
        roles = ["victim", "witness"] if rng.random() < WITNESS_SHARE else ["victim"]
        for role in roles:
            facts = draw.facts(role, case.crime)
            party = self.keys.take(Party)
            rows.parties.append(
                (
                    party, self.ref("pty"), case.pk, None, role, facts.age, facts.status,
                    facts.suspected, facts.support, facts.nrm, case.created,
                )
            )  # fmt: skip
            # Decisions are asked about people who reported directly (a third party's report
            # keeps its victim anonymous), mostly those whose status is in question.
            if not case.third_party and (facts.status != "not_in_question" or rng.random() < 0.03):
                self.candidates.append(Candidate(party, case, facts))
            self._notices(case, party, facts, draw, rows)
            victim = role == "victim"
            if victim and case.crime == "domestic_abuse" and rng.random() < REFERRAL_SHARE:
                self._referral(case, party, rows)
            if victim and case.third_party:
                self._third_party(case, party, facts, rows)

    def _notices(self, case: Drawn, party: int, facts: Facts, draw: Draws, rows: Rows) -> None:
        """The notice issued when the party was recorded, a second version when the case has
        moved on since (the position read at its new stage), and their deliveries."""
        from safereport.notices.models import NoticeSeries

        rng = self.rng
        series = self.keys.take(NoticeSeries)
        language = draw.language()
        issued = case.created + timedelta(seconds=rng.uniform(60, 3600))
        code_hash, code_set = "", None
        versions = [("investigation", issued, "recorded")]
        if case.stage != "investigation":
            versions.append((case.stage, issued + timedelta(days=rng.uniform(5, 90)), "stage"))
        for number, (stage, when, reason) in enumerate(versions, start=1):
            notice = self._notice(case, series, number, language, stage, facts)
            rows.notices.append((*notice, reason, when))
            # Most versions are given; the latest one less often yet.
            if rng.random() < (0.88 if number == 1 else 0.6):
                channel = draw.channel()
                in_person = channel == "in_person"
                recorded = when + timedelta(
                    seconds=rng.uniform(0, 600) if in_person else rng.uniform(60, DAY)
                )
                rows.deliveries.append(
                    (
                        self.ref("dlv"), notice[0], channel, draw.delivery_status(),
                        language if in_person and language != "en" else "",
                        None if in_person else f"{rng.getrandbits(128):032x}",
                        case.force.officer.pk, recorded, recorded,
                    )
                )  # fmt: skip
                if in_person and number == 1:  # the access code is given with the notice
                    code_hash, code_set = f"{rng.getrandbits(256):064x}", recorded
        rows.notice_series.append(
            (series, self.ref("ntc"), party, code_hash, code_set, 0, None, issued)
        )

    def _notice(  # noqa: PLR0917 - one version's values, in order
        self, case: Drawn, series: int, number: int, language: str, stage: str, facts: Facts
    ) -> tuple[Any, ...]:
        from safereport.notices.models import Notice

        force = case.force
        prefix, digest, version = self._position(force.regime, case.crime, stage, facts)
        named = json.dumps({"force": force.name, "supporters": []})
        text = f"Placeholder text of a fictional notice ({language})."
        english = "Placeholder text of a fictional notice (en)."
        return (
            self.keys.take(Notice), series, number, language, force.regime, version,
            JsonText(f'{prefix}, "named": {named}}}'), digest, _catalog(language), text,
            _sha256(text), english, _sha256(english), None,
        )  # fmt: skip

    def _position(self, regime: str, crime: str, stage: str, facts: Facts) -> tuple[str, str, str]:
        """The rules' real position for these facts (no consent asked, nothing disclosed), as a
        notice stores it, without its closing brace: remembered, as many parties share the same
        facts, and each force's name is added after it."""
        key = (regime, crime, stage, facts)
        if key not in self.positions:
            from safereport.policy import vocabulary as v
            from safereport.policy.position import PersonSituation, position, situation_json
            from safereport.policy.situations import CaseState, Crime, Person

            situation = PersonSituation(
                v.RegimeId(regime),
                Person(
                    v.Role(facts.role),
                    v.AgeGroup(facts.age),
                    v.ImmigrationStatus(facts.status),
                    facts.suspected,
                ),
                Crime(v.CrimeType(crime)),
                CaseState(v.Stage(stage), v.Support(facts.support), v.Nrm(facts.nrm)),
                PersonSituation.consent_of({}),
            )
            found = position(situation)
            text = json.dumps({**found.as_json(), "situation": situation_json(situation)})
            self.positions[key] = (text[:-1], found.digest, found.regime_version)
        return self.positions[key]

    def _referral(self, case: Drawn, party: int, rows: Rows) -> None:
        """A referral offered to a domestic abuse victim, and how far it got (`Referral` and a
        `ReferralStep` for each move)."""
        from safereport.pathways.models import Referral

        rng, force = self.rng, case.force
        entry = self.entries[
            _region_entry(force.code) if rng.random() < 0.6 else "example-national-helpline"
        ]
        worker = self.workers[entry.organisation.code]
        referral = self.keys.take(Referral)
        at = case.created + timedelta(seconds=rng.uniform(600, DAY))
        steps = [("offered", at, force.officer.pk)]
        sent_at = due = None
        answer = rng.random()
        if answer < 0.22:
            steps.append(("declined_by_victim", at + timedelta(hours=rng.uniform(0, 48)), None))
        elif answer < 0.87:
            at += timedelta(hours=rng.uniform(0, 48))
            steps.append(("accepted", at, None))
            if rng.random() < 0.97:
                sent_at = at + timedelta(hours=rng.uniform(0, 24))
                due = self._due(sent_at.astimezone(LONDON).date())
                steps.append(("sent", sent_at, None))
                steps.extend(self._contact(sent_at, due, worker.pk))
        status = steps[-1][0]
        # The day first contact was made, as the organisation records it: the deadline and the
        # statistics are measured by it.
        contacted = [when for step, when, _ in steps if step == "first_contact_made"]
        contacted_on = contacted[0].astimezone(LONDON).date() if contacted else None
        rows.referrals.append(
            (
                referral, self.ref("ref"), party, entry.pk, status, force.officer.pk, steps[0][1],
                ["contact"] if sent_at else [],
                {"contact": {"phone": "07700 900000"}} if sent_at else {},
                sent_at, due, "no_capacity" if status == "declined_by_organisation" else "",
                steps[-1][1], contacted_on, "phone" if contacted_on else "", "",
            )
        )  # fmt: skip
        for step, when, by in steps:
            rows.referral_steps.append((referral, step, when, by or force.officer.pk))

    def _contact(self, sent: datetime, due: date, worker: int) -> list[tuple[str, datetime, int]]:
        """What the organisation did with a referral it was sent."""
        rng = self.rng
        if rng.random() >= 0.92:  # not yet acknowledged
            return []
        acknowledged = sent + timedelta(hours=rng.uniform(1, 24))
        steps = [("acknowledged", acknowledged, worker)]
        outcome = rng.random()
        if outcome < 0.85:
            deadline = moment(due, 17 * 3600)
            if rng.random() < 0.8:  # on time: before the end of the day it was due
                made = acknowledged + (deadline - acknowledged) * rng.random()
            else:
                made = deadline + timedelta(days=rng.uniform(1, 6))
            steps.append(("first_contact_made", max(made, acknowledged), worker))
        elif outcome < 0.92:
            steps.append(("unable_to_contact", acknowledged + timedelta(days=3), worker))
        elif outcome < 0.96:
            steps.append(("declined_by_organisation", acknowledged + timedelta(hours=2), worker))
        return steps

    def _due(self, sent_on: date) -> date:
        if sent_on not in self.due:
            from safereport.workingdays import first_contact_due

            self.due[sent_on] = first_contact_due(sent_on)
        return self.due[sent_on]

    def _third_party(self, case: Drawn, party: int, facts: Facts, rows: Rows) -> None:
        """The report a support organisation made for the case, and now and then another it
        submitted that the force has not recorded yet."""
        rng, force = self.rng, case.force
        organisation = self.entries[_region_entry(force.code)].organisation
        worker = self.workers[organisation.code]
        number = next(self.references)
        for recorded in (True, False) if rng.random() < 0.1 else (True,):
            submitted = case.created - timedelta(hours=rng.uniform(1, 72))
            rows.third_party_reports.append(
                (
                    self.ref("tpr"), organisation.pk, force.pk, worker.pk, submitted,
                    f"Fictional pseudonym {number}", case.crime, "Fictional benchmark report.",
                    "victim", facts.age, facts.status, facts.support,
                    {"given_name": "Example", "family_name": f"Person {number}"},
                    "recorded" if recorded else "submitted", party if recorded else None,
                    force.officer.pk if recorded else None, case.created if recorded else None,
                    [],
                )
            )  # fmt: skip

    # Sharing decisions ---------------------------------------------------------------------------

    def decisions(self) -> None:
        from django.db import transaction

        if not self.candidates:
            return
        asked = self._asked()
        with transaction.atomic():
            self._persons(asked)
            decided = self._decided(asked)
            self._disclosures(decided)

    def _asked(self) -> list[tuple[Candidate, str, tuple[str, ...], str, datetime]]:
        """Which parties decisions are asked about, for what, with which consent, and when:
        mostly people whose immigration status is in question, some more than once."""
        rng = self.rng
        in_question = [c for c in self.candidates if c.facts.status != "not_in_question"]
        others = [c for c in self.candidates if c.facts.status == "not_in_question"]
        purpose = weighted(rng, PURPOSES)
        asked = []
        for _ in range(self.sizes.decisions):
            party = rng.choice(in_question if rng.random() < 0.85 or not others else others)
            chosen = purpose()
            categories = rng.choice(REQUESTS[chosen])
            if chosen == "victim_request":
                consent = "given" if rng.random() < 0.85 else "none"
            else:
                draw = rng.random()
                consent = "none" if draw < 0.85 else "refused" if draw < 0.95 else "given"
            when = party.case.created + timedelta(seconds=rng.uniform(3600, 60 * DAY))
            asked.append((party, chosen, categories, consent, when))
        asked.sort(key=lambda item: item[4])  # keys rise with time, as they would
        return asked

    def _persons(self, asked: Sequence[tuple[Candidate, Any, Any, Any, Any]]) -> None:
        """An invented person for each party a decision is about (identity is what they ask
        to share), linked to the party."""
        from django.db import connection

        from safereport.casework.models import Person

        parties = sorted({item[0].party for item in asked})
        links = [(party, self.keys.take(Person)) for party in parties]
        now = datetime.now(LONDON)
        self.counts["persons"] += copy_rows(
            Person,
            PERSON_COLUMNS,
            (
                (
                    person, self.ref("per"), "Example", f"Person {person}",
                    date(1970 + person % 35, 1 + person % 12, 1 + person % 28), "Fictionalian",
                    f"07700 900{person % 1000:03d}", f"example.person{person}@example.org",
                    f"{person % 200 + 1} Example Street, Exampleton", "", False, "", "", now,
                )
                for _, person in links
            ),
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE bench_person (party int, person int)")
            with cursor.cursor.copy("COPY bench_person FROM STDIN") as writer:
                for link in links:
                    writer.write_row(link)
            cursor.execute(
                "UPDATE casework_party SET person_id = bench_person.person FROM bench_person "
                "WHERE casework_party.id = bench_person.party"
            )
            cursor.execute("DROP TABLE bench_person")

    def _decided(
        self, asked: Sequence[tuple[Candidate, str, tuple[str, ...], str, datetime]]
    ) -> list[Any]:
        """Each decision really decided (`policy.decide`, which remembers answers: the distinct
        situations are few), stored whole, with its consent record and its duties' tasks."""
        from safereport.casework.models import ConsentRecord, DutyTask, SharingDecision
        from safereport.policy import (
            CaseState,
            Crime,
            Person,
            ShareRequest,
            SharingSituation,
            decide,
        )
        from safereport.policy import vocabulary as v
        from safereport.policy.situations import sharing_as_json

        consents, decisions, tasks, decided = [], [], [], []
        seen: dict[SharingSituation, tuple[Any, JsonText, JsonText]] = {}
        tasked: set[tuple[int, str]] = set()
        for party, purpose, categories, consent, when in asked:
            force, facts = party.case.force, party.facts
            situation = SharingSituation(
                v.RegimeId(force.regime),
                Person(
                    v.Role(facts.role),
                    v.AgeGroup(facts.age),
                    v.ImmigrationStatus(facts.status),
                    facts.suspected,
                ),
                Crime(v.CrimeType(party.case.crime)),
                CaseState(v.Stage(party.case.stage), v.Support(facts.support), v.Nrm(facts.nrm)),
                ShareRequest(v.Purpose(purpose), tuple(v.Category(c) for c in categories)),
                v.Consent(consent),
            )
            if situation not in seen:
                answer = decide(situation)
                seen[situation] = (
                    answer,
                    JsonText(json.dumps(sharing_as_json(situation))),
                    JsonText(json.dumps(answer.as_json())),
                )
            answer, situation_text, decision_text = seen[situation]
            record = None
            if consent != "none":
                record = self.keys.take(ConsentRecord)
                consents.append(
                    (
                        record, self.ref("cns"), party.party, purpose, list(categories),
                        self.ie.pk, "given" if consent == "given" else "refused",
                        self.rng.choice(("spoken", "written", "interpreter")),
                        when - timedelta(hours=1), force.officer.pk,
                    )
                )  # fmt: skip
            decision = self.keys.take(SharingDecision)
            decisions.append(
                (
                    decision, self.ref("dec"), party.party, purpose, list(categories), consent,
                    dict.fromkeys(categories, consent), record, situation_text, decision_text,
                    answer.regime.value, answer.regime_version, answer.outcome.value,
                    force.officer.pk, when,
                )
            )  # fmt: skip
            for duty in answer.duties:
                if (party.party, duty.value) not in tasked:  # one open task per duty
                    tasked.add((party.party, duty.value))
                    tasks.append(
                        (
                            self.keys.take(DutyTask), self.ref("task"), party.case.pk, party.party,
                            decision, duty.value, "open", None, None, when,
                        )
                    )  # fmt: skip
            decided.append((decision, decisions[-1][1], party, purpose, answer, when))
        self.say(f"    {len(seen):,} distinct situations decided")
        self.counts["consent_records"] += copy_rows(ConsentRecord, CONSENT_COLUMNS, consents)
        self.counts["sharing_decisions"] += copy_rows(SharingDecision, DECISION_COLUMNS, decisions)
        self.counts["duty_tasks"] += copy_rows(DutyTask, TASK_COLUMNS, tasks)
        return decided

    def _disclosures(
        self, decided: Sequence[tuple[int, str, Candidate, str, Any, datetime]]
    ) -> None:
        """Shares of some permitted decisions (police record and IE's copy), the protections
        registered with them and IE's protocol checks, each check's answer the rules' own."""
        from safereport.casework.models import DisclosureRecord
        from safereport.enforcement.actions import situation
        from safereport.enforcement.models import Disclosure, Protection, ProtocolCheck
        from safereport.enforcement.snapshots import DISCLOSABLE_FIELDS
        from safereport.policy import gate
        from safereport.policy.vocabulary import Category, Duty

        rng = self.rng
        permitted = [item for item in decided if item[4].permitted]
        wanted = min(len(permitted), round(len(decided) * DISCLOSURE_SHARE))
        records, copies, protections, checks = [], [], [], []
        action = weighted(rng, CHECK_ACTIONS)
        for decision, reference, party, purpose, answer, when in sorted(
            rng.sample(permitted, wanted), key=lambda item: item[0]
        ):
            force, facts, case = party.case.force, party.facts, party.case
            shared = [c.value for c in Category if c in answer.permitted]
            at = when + timedelta(hours=rng.uniform(1, 48))
            ie_reference = self.ref("dsc")
            protection = None
            if Duty.REGISTER_PROTOCOL_PROTECTION in answer.duties:
                registered = {
                    "regime": answer.regime.value, "role": facts.role, "age_group": facts.age,
                    "immigration_status": facts.status, "suspected_offending": facts.suspected,
                    "crime_type": case.crime, "stage": case.stage, "support": facts.support,
                    "nrm": facts.nrm, "referred_by_police": True,
                }  # fmt: skip
                protection = (self.keys.take(Protection), self.ref("prot"))
                protections.append(
                    (*protection, force.pk, self.ie.pk, *registered.values(), at, at)
                )
                for n in range(rng.choice((0, 1, 1, 2, 3))):
                    asked = action()
                    result = gate(situation(Protection(**registered), _action(asked)))
                    checks.append(
                        (
                            self.ref("chk"), protection[0], force.pk, asked, result.outcome.value,
                            result.regime.value, result.regime_version, self.ie_worker.pseudonym,
                            at + timedelta(days=rng.uniform(1, 60) + n),
                        )
                    )  # fmt: skip
            basis = "uk_gdpr_6_1_a_consent" if purpose == "victim_request" else rng.choice(BASES)
            records.append(
                (
                    self.ref("dsr"), decision, ie_reference, protection[1] if protection else None,
                    shared, basis, "Fictional benchmark: needed for the purpose of the decision.",
                    force.officer.pk, at,
                )
            )  # fmt: skip
            content = {
                category: {name: _fictional(name, party) for name in DISCLOSABLE_FIELDS[category]}
                for category in answer.permitted
            }
            copies.append(
                (
                    ie_reference, force.pk, self.ie.pk, force.officer.pseudonym,
                    reference, purpose, shared, content,
                    protection[0] if protection else None, at,
                )
            )  # fmt: skip
        self.counts["protections"] += copy_rows(Protection, PROTECTION_COLUMNS, protections)
        self.counts["protocol_checks"] += copy_rows(ProtocolCheck, CHECK_COLUMNS, checks)
        self.counts["disclosure_records"] += copy_rows(DisclosureRecord, RECORD_COLUMNS, records)
        self.counts["ie_disclosures"] += copy_rows(Disclosure, IE_DISCLOSURE_COLUMNS, copies)

    # Audit events --------------------------------------------------------------------------------

    def events(self) -> None:
        """`sizes.events` events through `storage.append_batch`, their actions in the proportions
        of what was loaded (a case recorded, a notice issued, a referral moved on...) and the rest
        sign-ins and reads, each by a user of the organisation that acted."""
        from safereport.audit import storage
        from safereport.audit.events import Actor, event_bytes, rfc3339
        from safereport.audit.names import AuditAction as A

        c = self.counts
        natural = {
            A.CASEWORK_CASE_RECORDED: c["cases"],
            A.CASEWORK_PARTY_ADDED: c["parties"] - c["cases"],
            A.NOTICES_NOTICE_ISSUED: c["notices"],
            A.NOTICES_NOTICE_DELIVERED: c["deliveries"],
            A.PATHWAYS_REFERRAL_OFFERED: c["referrals"],
            A.PATHWAYS_REFERRAL_SENT: c["referral_steps"] // 4,
            A.PATHWAYS_REFERRAL_FIRST_CONTACT_MADE: c["referral_steps"] // 5,
            A.PATHWAYS_THIRD_PARTY_REPORT_SUBMITTED: c["third_party_reports"],
            A.CASEWORK_CONSENT_RECORDED: c["consent_records"],
            A.CASEWORK_SHARING_DECISION_MADE: c["sharing_decisions"],
            A.CASEWORK_DISCLOSURE_MADE: c["disclosure_records"],
            A.ENFORCEMENT_PROTECTION_REGISTERED: c["protections"],
            A.ENFORCEMENT_PROTOCOL_CHECK_MADE: c["protocol_checks"],
        }
        rest = max(0, self.sizes.events - sum(natural.values()))
        shares: dict[str, float] = {str(k): n for k, n in natural.items() if n}
        for action, share in (
            (A.ACCOUNTS_SESSION_SIGNED_IN, 0.5),
            (A.NOTICES_NOTICE_READ, 0.3),
            (A.PATHWAYS_REFERRAL_READ, 0.2),
        ):
            shares[str(action)] = rest * share or 1
        action = weighted(self.rng, shares)
        force = weighted(self.rng, {str(n): f.share for n, f in enumerate(self.forces)})
        officers = [Actor.for_user(f.officer) for f in self.forces]
        workers = [Actor.for_user(u) for u in self.workers.values()]
        ie = Actor.for_user(self.ie_worker)
        prefixes = {"casework": "case", "notices": "ntc", "pathways": "ref", "enforcement": "prot"}
        rng = self.rng

        def encode(index: int, moment: datetime) -> bytes:
            name = action()
            context = name.split(":", 1)[0]
            if context == "enforcement":
                actor = ie
            elif context == "pathways" and not name.endswith("offered"):
                actor = rng.choice(workers)
            else:
                actor = officers[int(force())]
            event = {
                "index": index,
                "time": rfc3339(moment),
                "actor": actor.as_json(),
                "action": name,
                "subjects": [self.ref(prefixes.get(context, "usr")), f"org:{actor.organisation}"],
                "details": {"n": index % 100},
            }
            # json.dumps in C writes exactly RFC 8785's bytes for these events (ASCII strings and
            # integers only), ten times faster than the pure Python canonicaliser: checked below.
            return json.dumps(event, sort_keys=True, separators=(",", ":")).encode()

        sample = encode(0, datetime.now(LONDON))
        event = json.loads(sample)
        again = event_bytes(
            0,
            datetime.fromisoformat(event["time"]),
            actor=Actor(**{k: event["actor"][k] for k in ("id", "role", "organisation")}),
            action=A(event["action"]),
            subjects=event["subjects"],
            details=event["details"],
        )
        if again != sample:
            raise RuntimeError("the events written differ from their canonical JSON")
        self.counts["audit_events"] += storage.append_batch(encode, self.sizes.events)

    # Finishing -----------------------------------------------------------------------------------

    def finish(self) -> None:
        """Move each table's sequence past the keys assigned here, then VACUUM ANALYZE: planner
        statistics and visibility maps, as autovacuum would keep them for tables grown over a
        year (a table just loaded looks empty to the planner)."""
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.keys.models):
                cursor.execute(statement)
            cursor.execute("VACUUM ANALYZE")


class Draws:
    """The year's spreads as functions, drawn from the loader's generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.crime = weighted(rng, CRIMES)
        self.stage = weighted(rng, STAGES)
        self.age = weighted(rng, AGES)
        self.status = weighted(rng, STATUSES)
        self.support = weighted(rng, SUPPORTS)
        self.nrm = weighted(rng, NRM_FOR_SLAVERY)
        self.language = weighted(rng, LANGUAGE_SHARES)
        self.channel = weighted(rng, CHANNELS)
        self.delivery_status = weighted(rng, DELIVERY_STATUSES)

    def facts(self, role: str, crime: str) -> Facts:
        """A victim's or witness's facts (support and the NRM are about victims)."""
        slavery = crime == "modern_slavery"
        suspected = role == "victim" and self.rng.random() < (0.1 if slavery else 0.01)
        return Facts(
            role,
            "adult" if role == "witness" else self.age(),
            self.status(),
            suspected,
            self.support() if role == "victim" else "none",
            self.nrm() if slavery and role == "victim" else "none",
        )


@dataclass
class Rows:
    """One chunk's rows, table by table, in the order they are written."""

    cases: list[tuple[Any, ...]] = field(default_factory=list)
    parties: list[tuple[Any, ...]] = field(default_factory=list)
    notice_series: list[tuple[Any, ...]] = field(default_factory=list)
    notices: list[tuple[Any, ...]] = field(default_factory=list)
    deliveries: list[tuple[Any, ...]] = field(default_factory=list)
    referrals: list[tuple[Any, ...]] = field(default_factory=list)
    referral_steps: list[tuple[Any, ...]] = field(default_factory=list)
    third_party_reports: list[tuple[Any, ...]] = field(default_factory=list)


CASE_COLUMNS = (
    "id", "reference", "force_id", "crime_type", "summary", "occurred_on", "reported_on",
    "reporting_route", "stage", "officer_in_charge_id", "created_at",
)  # fmt: skip
PARTY_COLUMNS = (
    "id", "reference", "case_id", "person_id", "role", "age_group", "immigration_status",
    "suspected_offending", "support", "nrm", "created_at",
)  # fmt: skip
SERIES_COLUMNS = (
    "id", "reference", "party_id", "code_hash", "code_set_at", "failures", "locked_until",
    "created_at",
)  # fmt: skip
NOTICE_COLUMNS = (
    "id", "series_id", "version", "language", "regime", "regime_version", "position",
    "position_digest", "catalog_version", "text", "sha256", "english_text", "english_sha256",
    "audit_index", "reason", "issued_at",
)  # fmt: skip
DELIVERY_COLUMNS = (
    "reference", "notice_id", "channel", "status", "interpreter_language", "notify_id",
    "recorded_by_id", "recorded_at", "updated_at",
)  # fmt: skip
REFERRAL_COLUMNS = (
    "id", "reference", "party_id", "entry_id", "status", "offered_by_id", "offered_at",
    "categories", "content", "sent_at", "first_contact_due_on", "decline_reason", "updated_at",
    "first_contact_on", "first_contact_method", "first_contact_note",
)  # fmt: skip
STEP_COLUMNS = ("referral_id", "status", "at", "by_id")
REPORT_COLUMNS = (
    "reference", "organisation_id", "force_id", "submitted_by_id", "submitted_at", "pseudonym",
    "crime_type", "summary", "role", "age_group", "immigration_status", "support", "identity",
    "status", "party_id", "recorded_by_id", "recorded_at", "identity_revealed_categories",
)  # fmt: skip
PERSON_COLUMNS = (
    "id", "reference", "given_name", "family_name", "date_of_birth", "nationality", "phone",
    "email", "address", "preferred_language", "interpreter_needed", "safe_contact_instructions",
    "safe_contact", "created_at",
)  # fmt: skip
CONSENT_COLUMNS = (
    "id", "reference", "party_id", "purpose", "categories", "recipient_id", "answer", "method",
    "recorded_at", "recorded_by_id",
)  # fmt: skip
DECISION_COLUMNS = (
    "id", "reference", "party_id", "purpose", "categories", "consent", "consent_by_category",
    "consent_record_id", "situation", "decision", "regime", "regime_version", "outcome",
    "requested_by_id", "created_at",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "reference", "case_id", "party_id", "decision_id", "duty", "status", "done_by_id",
    "done_at", "created_at",
)  # fmt: skip
PROTECTION_COLUMNS = (
    "id", "protocol_reference", "force_id", "recipient_id", "regime", "role", "age_group",
    "immigration_status", "suspected_offending", "crime_type", "stage", "support", "nrm",
    "referred_by_police", "created_at", "updated_at",
)  # fmt: skip
CHECK_COLUMNS = (
    "reference", "protection_id", "force_id", "action", "outcome", "regime", "regime_version",
    "checked_by", "checked_at",
)  # fmt: skip
RECORD_COLUMNS = (
    "reference", "decision_id", "enforcement_reference", "protocol_reference", "categories",
    "lawful_basis", "justification", "disclosed_by_id", "disclosed_at",
)  # fmt: skip
IE_DISCLOSURE_COLUMNS = (
    "reference", "force_id", "recipient_id", "sent_by", "decision_reference", "purpose",
    "categories", "content", "protection_id", "received_at",
)  # fmt: skip


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


_CATALOGS: dict[str, str] = {}


def _catalog(language: str) -> str:
    if language not in _CATALOGS:
        from safereport.notices.issuing import catalog_version

        _CATALOGS[language] = catalog_version(language)
    return _CATALOGS[language]


def _action(name: str) -> Any:
    from safereport.policy.vocabulary import EnforcementAction

    return EnforcementAction(name)


def _fictional(name: str, party: Candidate) -> str | None:
    """A disclosed field's value, invented (the disclosure's copy at IE is encrypted too)."""
    return {
        "given_name": "Example",
        "family_name": f"Person {party.party}",
        "nationality": "Fictionalian",
        "phone": "07700 900000",
        "email": "example.person@example.org",
        "address": "1 Example Street, Exampleton",
        "immigration_status": party.facts.status,
        "case_reference": party.case.reference,
        "crime_type": party.case.crime,
        "summary": "Fictional benchmark case.",
        "support": party.facts.support,
    }.get(name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    defaults = Sizes()
    parser.add_argument("--cases", type=int, default=defaults.cases)
    parser.add_argument("--events", type=int, default=defaults.events)
    parser.add_argument("--decisions", type=int, default=defaults.decisions)
    parser.add_argument("--database", default=DATABASE, help="scratch database, made afresh")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args(argv)
    if min(args.cases, args.events, args.decisions) < 1:
        parser.error("every size must be at least 1")
    bench_api.recreate_database(args.database)
    try:
        with tempfile.TemporaryDirectory() as var:
            os.environ.update(bench_api.environment(Path(var), args.database))
            import django

            django.setup()
            from django.core.management import call_command

            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            print(f"  migrate: {time.perf_counter() - started:.1f} s")
            load(Sizes(args.cases, args.events, args.decisions))
            from django.db import connections

            connections.close_all()
    finally:
        if args.drop:
            bench_api.drop_database(args.database)
    if not args.drop:
        print(f"left in place: database {args.database} (drop it with --drop next time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
