"""Sources by title and duties listed once (issue 13, item 6)."""

from __future__ import annotations

from safereport.policy.regimes import REGIME_INFO, load
from safereport.policy.sources import TITLES, cite, duties_and_rules
from safereport.policy.vocabulary import RegimeId


def test_a_seed_file_is_named_by_its_document_title_and_kept_for_the_details() -> None:
    found = cite("002_5d3773e54a66fdb4.txt, Recommendation 1: link the victim to a third party")

    assert (
        found.text
        == "HMICFRS, 'Safe to share?', Recommendation 1: link the victim to a third party"
    )
    assert found.files == ("002_5d3773e54a66fdb4.txt",)


def test_each_file_is_kept_once_in_order_and_a_public_document_is_left_as_written() -> None:
    found = cite(
        "004_960044b7495469e0.txt and 001_254dc38fcff2b4b2.txt: the protocol; "
        "004_960044b7495469e0.txt again; UK GDPR Article 6(1)(a) (public document)"
    )

    assert found.files == ("004_960044b7495469e0.txt", "001_254dc38fcff2b4b2.txt")
    assert ".txt" not in found.text
    assert found.text.startswith("National Police Chiefs' Council, letter to HMICFRS")
    assert found.text.endswith("UK GDPR Article 6(1)(a) (public document)")
    assert cite("ICO code (public document)").files == ()


def test_an_unknown_file_name_stays_exact_rather_than_blank() -> None:
    assert cite("999_0000000000000000.txt, page 2").text == "999_0000000000000000.txt, page 2"


def test_every_seed_cited_by_the_policies_and_regimes_has_a_title() -> None:
    sources = [rule.source for regime in RegimeId for rule in load(regime).rules]
    sources += [source for info in REGIME_INFO.values() for source in info.sources]

    cited = {file for source in sources for file in cite(source).files}

    assert len(cited) == 5
    assert cited == set(TITLES)


def test_each_duty_is_listed_once_with_the_rule_that_imposes_it() -> None:
    rules = [
        {"id": "c1", "rule": "C1", "effect": "permit", "statement": "S", "source": "x"},
        {
            "id": "notice",
            "rule": "duty:give_notice",
            "effect": "duty",
            "statement": "Tell them",
            "source": "002_5d3773e54a66fdb4.txt, Recommendation 4",
        },
    ]

    duties, others = duties_and_rules(["give_notice", "record_lawful_basis", "give_notice"], rules)

    assert [d.text for d in duties] == [
        "Tell the person what will and will not be shared, when and why",
        "Record the lawful basis for what is shared",
    ]
    assert duties[0].rule is not None
    assert duties[0].rule["id"] == "notice"
    assert duties[1].rule is None  # no rule of the answer imposes it: shown without a source
    assert [r["rule"] for r in others] == ["C1"]
