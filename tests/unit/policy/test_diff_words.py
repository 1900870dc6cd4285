"""`policy diff`'s groups in sentences (issue 13, item 6)."""

from __future__ import annotations

from typing import Any

import pytest

from safereport.policy.diff import diff
from safereport.policy.diff_words import sentence, who
from safereport.policy.vocabulary import RegimeId


def group(**overrides: Any) -> dict[str, Any]:
    found = {
        "from": "prohibited",
        "to": "partly_permitted: identity, offence",
        "count": 270,
        "rules_stop": ["hmicfrs-rec1"],
        "rules_start": [],
        "where": {
            "role": ["victim"],
            "immigration status": ["uncertain"],
            "crime": ["domestic_abuse"],
            "purpose": ["investigation"],
        },
        "exact": True,
    }
    return found | overrides


def test_the_issues_example_reads_as_a_sentence() -> None:
    assert sentence(group()) == (
        "270 kinds of situation about domestic abuse victims whose status is only in doubt, "
        "asked for the investigation, would no longer be protected: identity and offence could "
        "be shared (rule hmicfrs-rec1 would no longer apply)."
    )


def test_a_group_that_is_only_part_of_its_values_says_among_those() -> None:
    found = sentence(group(exact=False, count=1))

    assert found.startswith("1 kind of situation among those about domestic abuse victims")


def test_each_way_a_change_can_go() -> None:
    assert "would now be protected: nothing could be shared" in sentence(
        group(**{"from": "permitted", "to": "prohibited", "rules_stop": []})
    )
    assert "would change what could be shared: identity and offence, where it was identity" in (
        sentence(group(**{"from": "partly_permitted: identity"}))
    )
    gate = {"role": ["witness"], "action": ["arrest", "removal"], "referred by police": ["true"]}
    blocked = sentence(group(**{"from": "allowed", "to": "blocked", "where": gate}))
    assert blocked == (
        "270 kinds of situation about witnesses, referred by the police, before arrest or "
        "removal, would now be protected: enforcement would be blocked "
        "(rule hmicfrs-rec1 would no longer apply)."
    )
    assert "would no longer be protected: enforcement could go ahead" in sentence(
        group(**{"from": "blocked", "to": "allowed", "where": gate})
    )


def test_every_dimension_is_said_in_words() -> None:
    said = who(
        {
            "role": ["victim", "witness"],
            "age group": ["child"],
            "crime": ["modern_slavery", "other"],
            "immigration status": ["insecure"],
            "suspected offending": ["false"],
            "stage": ["prosecution"],
            "support": ["none"],
            "NRM": ["positive_reasonable_grounds"],
            "consent to each category": ["refused"],
        }
    )

    assert said == (
        "child victims and witnesses of modern slavery or other crimes whose status is insecure, "
        "with no evidence of an offence, at the stage of prosecution, with no support, "
        "with a positive reasonable grounds decision, with consent refused"
    )
    assert "_" not in said


@pytest.mark.usefixtures("each_space_decided_once")  # the regimes decided as the diff tests do
def test_every_group_of_a_real_diff_becomes_a_sentence_without_machine_words() -> None:
    found = diff(RegimeId.HMICFRS_INTERIM, RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    groups = [g.as_json() for part in (found.sharing, found.gate) for g in part.groups]

    sentences = [sentence(g) for g in groups]

    assert groups
    for said, g in zip(sentences, groups, strict=True):
        assert said.startswith(f"{g['count']:,} kind")
        assert "_" not in said.replace("rule ", "").split(" (rule")[0]
