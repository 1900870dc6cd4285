"""What happens to a person's information if they report a crime to a force ('Safe to share?'
Recommendation 5): for each force, the statements of its regime's rules that protect victims and
witnesses, in any shipped language; how to report through a support organisation instead; and the
organisations serving that area. Written from the rules in force today, so it changes by itself
when a force's regime does."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind
from safereport.casework.regimes import regime_on
from safereport.notices.text import Section, statement
from safereport.pathways.queries import candidates
from safereport.policy.regimes import load
from safereport.policy.vocabulary import Duty

# The duties that tell a victim what the police will do for them.
TOLD_DUTIES = frozenset(
    {
        Duty.GIVE_NOTICE,
        Duty.REFER_TO_THIRD_PARTY,
        Duty.OFFER_SPECIALIST_SUPPORT,
        Duty.REGISTER_PROTOCOL_PROTECTION,
        Duty.ENGAGE_BEFORE_DECISION,
    }
)


@dataclass(frozen=True)
class ForcePage:
    """A force's page, written in one language."""

    force: Organisation
    language: str
    direction: str
    title: str
    sections: tuple[Section, ...]


def police_forces() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE).order_by("name"))


def force_page(force: Organisation, language: str) -> ForcePage:
    """The force's page in `language`: its regime's protections, reporting through a support
    organisation, and the organisations serving its area."""
    in_force = regime_on(force)
    with translation.override(language):
        sections: list[Section] = []
        if in_force is None:
            sections.append(
                Section(
                    _("What the police may share"),
                    paragraphs=(
                        _(
                            "This force has not yet said which rules it follows. Ask a support "
                            "organisation before you report."
                        ),
                    ),
                )
            )
        else:
            rules = load(in_force.regime).rules
            forbid = [r for r in rules if r.effect == "forbid" and r.duty is None]
            told = [r for r in rules if r.duty in TOLD_DUTIES]
            sections.append(
                Section(
                    _("What the police will not share"),
                    paragraphs=tuple(statement(r) for r in sorted(forbid, key=lambda r: r.id)),
                )
            )
            sections.append(
                Section(
                    _("What the police will do"),
                    paragraphs=tuple(statement(r) for r in sorted(told, key=lambda r: r.id)),
                )
            )
        sections.append(
            Section(
                _("Report through a support organisation"),
                paragraphs=(
                    _("You do not have to go to the police yourself."),
                    _("A support organisation can report the crime for you."),
                    _("They keep your name. The police learn it only if you agree."),
                ),
            )
        )
        serving = [c.name for c in candidates() if c.national or force.code in c.forces]
        sections.append(
            Section(
                _("Organisations that can help in this area"),
                paragraphs=()
                if serving
                else (_("Ask the police or your local council for a support organisation."),),
                items=tuple(sorted(serving)),
            )
        )
        return ForcePage(
            force=force,
            language=language,
            direction="rtl" if translation.get_language_bidi() else "ltr",
            title=_("If you report a crime to %(force)s") % {"force": force.name},
            sections=tuple(sections),
        )
