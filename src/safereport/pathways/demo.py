"""The demonstration directory: the support organisations named in seed
`003_10dcae4fb6beeab4.txt` (the joint response supporting a complete firewall).

Every entry is marked illustrative ("illustrative — check before use"): what each organisation
offers, where and in which languages is a plausible reading of its name and public description,
not something checked with it. No phone number, address or other contact detail is given: the
intake channel is only the kind, referrals through this service.

Left out: the Step Up Migrant Women campaign (a campaign coalition, not a service that takes
referrals) and the named contact person (a person, not an organisation).
"""

from __future__ import annotations

from safereport.audit.events import Actor
from safereport.pathways.actions import EntryDetails, store_directory_entries
from safereport.pathways.vocabulary import IntakeChannel, Service

DA = Service.DOMESTIC_ABUSE.value
MS = Service.MODERN_SLAVERY.value
SV = Service.SEXUAL_VIOLENCE.value
LONDON = ("metropolitan-police-service", "city-of-london-police")
NORTH_WEST = (
    "cheshire-constabulary",
    "cumbria-constabulary",
    "greater-manchester-police",
    "lancashire-constabulary",
    "merseyside-police",
)
INBOX = IntakeChannel.SERVICE_INBOX.value


def _entry(
    code: str,
    name: str,
    services: tuple[str, ...],
    languages: tuple[str, ...],
    communities: tuple[str, ...],
    *,
    forces: tuple[str, ...] = (),
    by_and_for: bool = True,
) -> EntryDetails:
    return EntryDetails(
        code=code,
        name=name,
        services=services,
        intake_channel=INBOX,
        by_and_for=by_and_for,
        communities=communities,
        national=not forces,
        forces=forces,
        languages=languages,
        has_capacity=True,
        illustrative=True,
    )


# The first four codes and names are those `web.demo` creates the organisations with.
DEMO_DIRECTORY: tuple[EntryDetails, ...] = (
    _entry(
        "lawrs",
        "Latin American Women's Rights Service",
        (DA, SV, MS),
        ("en", "es", "pt"),
        ("Latin American women",),
        forces=LONDON,
    ),
    _entry(
        "southall-black-sisters",
        "Southall Black Sisters",
        (DA, SV),
        ("en", "hi", "pa", "ur"),
        ("Black and minority women",),
        forces=LONDON,
    ),
    _entry(
        "kanlungan",
        "Kanlungan Filipino Consortium",
        (DA, MS),
        ("en", "tl"),
        ("Filipino migrants",),
        forces=LONDON,
    ),
    _entry(
        "focus-on-labour-exploitation",
        "Focus on Labour Exploitation",
        (MS,),
        ("en",),
        ("Workers at risk of labour exploitation",),
        by_and_for=False,
    ),
    _entry(
        "mewso",
        "Middle Eastern Women & Society Organisation",
        (DA, SV),
        ("en", "ar", "fa", "ku"),
        ("Middle Eastern women",),
        forces=LONDON,
    ),
    _entry(
        "asian-womens-resource-centre",
        "Asian Women's Resource Centre",
        (DA, SV),
        ("en", "bn", "gu", "hi", "ur"),
        ("Asian women",),
        forces=LONDON,
    ),
    _entry(
        "the-voice-of-domestic-workers",
        "The Voice of Domestic Workers",
        (MS,),
        ("en", "tl"),
        ("Migrant domestic workers",),
    ),
    _entry(
        "safety4sisters-north-west",
        "Safety4Sisters North West",
        (DA, SV),
        ("en",),
        ("Migrant women",),
        forces=NORTH_WEST,
    ),
    _entry(
        "the-angelou-centre",
        "The Angelou Centre",
        (DA, SV),
        ("en",),
        ("Black and minoritised women",),
        forces=("northumbria-police",),
    ),
)


def load_demo_directory() -> int:
    """List the demonstration organisations not yet in the directory (creating their support
    organisations as needed); return how many were added. Running it again changes nothing."""
    added = store_directory_entries(
        actor=Actor.system("demo"), entries=DEMO_DIRECTORY, only_new=True
    )
    return len(added)
