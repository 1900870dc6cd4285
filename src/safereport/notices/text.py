"""The notice: a person's position written for them, in their language (DOMAIN.md section 6).

Every sentence about the rules is a policy's `@statement`, translated through the catalog (keyed
by its English text and its rule's id, so a changed statement has no translation until it is
translated again); no text is written per regime. What else a notice says is the position's own
answers (which kinds of information, for what reason, what was shared when, which actions are
blocked) in fixed words, and what the person can do and their rights.

The canonical text (what is hashed, stored and proved) is the title and the sections as plain
text. The reference, version and date are printed with it but are not part of it, so the same
position in the same language always has the same text and SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.formats import date_format, get_format_modules
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from safereport.notices import languages
from safereport.policy.decisions import Decision, GateResult
from safereport.policy.position import Position
from safereport.policy.regimes import Rule
from safereport.policy.vocabulary import (
    Category,
    Duty,
    EnforcementAction,
    Purpose,
    Verdict,
)

# The rules a section speaks with, by what their policy does. Duties are grouped by whom they
# concern: the person's support, or the police's own records.
SUPPORT_DUTIES = frozenset(
    {
        Duty.OFFER_SPECIALIST_SUPPORT,
        Duty.REFER_TO_THIRD_PARTY,
        Duty.INFORM_SUPPORT_WORKER,
        Duty.REFER_TO_NRM,
        Duty.OFFER_NRM_REFERRAL,
        Duty.NOTIFY_HOME_OFFICE_ANONYMOUSLY,
    }
)
PROTECTION_DUTIES = frozenset({Duty.REGISTER_PROTOCOL_PROTECTION, Duty.ENGAGE_BEFORE_DECISION})


def category_words(category: Category) -> str:
    """What a data category holds, as the person would say it."""
    return {
        Category.IDENTITY: _("your name, date of birth and nationality"),
        Category.CONTACT: _("your phone number and email"),
        Category.LOCATION: _("where you live"),
        Category.IMMIGRATION: _("your immigration status"),
        Category.OFFENCE: _("the crime you reported"),
        Category.SUPPORT: _("who supports you"),
    }[category]


def purpose_words(purpose: Purpose) -> str:
    """Why the police would share, as the person would say it."""
    return {
        Purpose.STATUS_CHECK: _("to check your immigration status"),
        Purpose.ENFORCEMENT_REFERRAL: _("to ask Immigration Enforcement to act"),
        Purpose.SAFEGUARDING: _("to keep you or others safe"),
        Purpose.INVESTIGATION: _("to investigate the crime"),
        Purpose.VICTIM_REQUEST: _("because you asked them to"),
    }[purpose]


def action_words(action: EnforcementAction) -> str:
    """What Immigration Enforcement would do, as the person would say it."""
    return {
        EnforcementAction.ARREST: _("arrest you"),
        EnforcementAction.DETENTION: _("hold you in detention"),
        EnforcementAction.REMOVAL: _("remove you from the UK"),
        EnforcementAction.REPORTING_CONDITIONS: _("make you report to them regularly"),
        EnforcementAction.CASEWORK_DECISION: _("make a decision on your immigration case"),
    }[action]


@dataclass(frozen=True)
class Section:
    """A heading, its paragraphs, and a list after them."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoticeText:
    """A notice written out in one language."""

    language: str
    direction: str  # "ltr" or "rtl"
    title: str
    sections: tuple[Section, ...]

    @property
    def html_lang(self) -> str:
        """The language as an HTML `lang` attribute says it (`zh-Hans`)."""
        return languages.language(self.language).html_lang

    @property
    def text(self) -> str:
        """The canonical text: the title, then each section, as plain text."""
        blocks = [self.title]
        for section in self.sections:
            lines = [section.heading, *section.paragraphs, *(f"- {item}" for item in section.items)]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) + "\n"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @classmethod
    def from_text(cls, text: str, language: str) -> NoticeText:
        """The notice whose canonical text is `text` (as stored): what was issued is what is
        shown, whatever has changed since in the catalogs or the organisations it names."""
        title, *blocks = text.removesuffix("\n").split("\n\n")
        sections = []
        for block in blocks:
            heading, *lines = block.split("\n")
            sections.append(
                Section(
                    heading,
                    tuple(line for line in lines if not line.startswith("- ")),
                    tuple(line.removeprefix("- ") for line in lines if line.startswith("- ")),
                )
            )
        return cls(language, languages.language(language).direction.value, title, tuple(sections))


def compose(
    position: Position,
    language: str,
    *,
    force: str = "",
    supporters: Sequence[str] = (),
) -> NoticeText:
    """The notice of `position` in `language` (a shipped language's code): from the police force
    `force` (its name, or nothing when there is none, as for a scenario), naming `supporters`,
    the organisations supporting the person or able to."""
    with translation.override(language):
        return NoticeText(
            language=language,
            direction="rtl" if translation.get_language_bidi() else "ltr",
            title=_("What happens to your information"),
            sections=(
                *_unchecked(language),
                _introduction(position, force),
                _not_shared(position),
                _may_share(position),
                _your_request(position),
                _shared(position),
                _protection(position),
                _support(position, supporters),
                _what_you_can_do(),
                _rights(),
            ),
        )


def listed(words: Iterable[str]) -> str:
    """Items as a sentence lists them: "a, b and c" (in the active language's words)."""
    items = list(words)
    if len(items) < 2:
        return "".join(items)
    # Arabic, Urdu and Farsi separate with "،", Chinese with "、".
    separator = pgettext("between items of a list", ", ")
    return _("%(items)s and %(last)s") % {"items": separator.join(items[:-1]), "last": items[-1]}


def day(on: date) -> str:
    """A date as the active language writes it ("3 marca 2026", "2026年3月3日"), as GOV.UK does
    in English ("3 March 2026"), and so where Django knows no format for the language."""
    language = translation.get_language()
    if language != "en" and get_format_modules(language):
        return date_format(on, "DATE_FORMAT")
    return date_format(on, "j F Y")


def _first_upper(text: str) -> str:
    """Capitalised as a sentence starts (not `str.capitalize`, which lowers every other letter:
    "Immigration Enforcement" is a name)."""
    return text[:1].upper() + text[1:]


def statement(rule: Rule) -> str:
    """A rule's statement in the active language (its English text until it is translated)."""
    return pgettext(rule.id, rule.statement)


def _statements(rules: Iterable[Rule]) -> tuple[str, ...]:
    """Each rule's statement once, in the order given."""
    seen: dict[str, str] = {}
    for rule in rules:
        seen.setdefault(rule.id, statement(rule))
    return tuple(seen.values())


def _unchecked(language: str) -> tuple[Section, ...]:
    """Where no qualified translator has checked the language: say so, and that the English is
    alongside (it always is). Part of the notice, so part of what the person was told."""
    if not languages.language(language).needs_english_alongside:
        return ()
    return (
        Section(
            _("About this translation"),
            paragraphs=(
                _("A qualified translator has not checked this translation yet."),
                _("The English version is with it. If they differ, the English is right."),
            ),
        ),
    )


def _introduction(position: Position, force: str) -> Section:
    notice_rules = [r for r in position.rules if r.duty is Duty.GIVE_NOTICE]
    opening = (
        _("This notice is from %(force)s.") % {"force": force},
        _("It says what the police may share about you with Immigration Enforcement."),
        _("It also says what they will not share, and why."),
        _("Immigration Enforcement is part of the Home Office."),
    )
    return Section(
        _("About this notice"),
        paragraphs=(*(opening if force else opening[1:]), *_statements(notice_rules)),
    )


def _not_shared(position: Position) -> Section:
    """What no purpose may share, and the prohibitions that say so."""
    prohibitions = [
        rule
        for purpose, decision in position.decisions.items()
        if purpose is not Purpose.VICTIM_REQUEST
        for verdict in decision.categories
        if verdict.verdict is Verdict.PROHIBITED
        for rule in decision.rules
        if rule.effect == "forbid" and rule.id in verdict.rule_ids
    ]
    never = position.never_shared
    return Section(
        _("What the police will not share"),
        paragraphs=(
            *_statements(sorted(prohibitions, key=lambda r: r.id)),
            *((_("Unless you ask them to, they will not pass on:"),) if never else ()),
        ),
        items=tuple(category_words(c) for c in never),
    )


def _may_share(position: Position) -> Section:
    """For each reason the police could share, what they may pass on, and the rules that let
    them (and what they must do when they do)."""
    items = []
    permissions: list[Rule] = []
    for purpose, decision in position.decisions.items():
        if purpose is Purpose.VICTIM_REQUEST or not decision.permitted:
            continue
        items.append(
            _("%(reason)s: %(information)s.")
            % {
                "reason": _first_upper(purpose_words(purpose)),
                "information": listed(category_words(c) for c in decision.permitted),
            }
        )
        permissions.extend(
            rule
            for rule in decision.rules
            if rule.effect == "permit" and rule.duty in (None, Duty.RECORD_LAWFUL_BASIS)
        )
    if not items:
        return Section(
            _("What the police may share"),
            paragraphs=(_("Nothing, for any reason, unless you ask them to."),),
        )
    return Section(
        _("What the police may share"),
        paragraphs=(
            _("They may pass these on to Immigration Enforcement, only for these reasons:"),
        ),
        items=(*items, *_statements(sorted(permissions, key=lambda r: r.id))),
    )


def _your_request(position: Position) -> Section:
    """What the police may share because the person asked, and the consent rules."""
    decision = position.decisions[Purpose.VICTIM_REQUEST]
    consent_rules = [r for r in decision.rules if r.rule == "C3"]
    agreed = decision.permitted
    return Section(
        _("If you ask the police to share"),
        paragraphs=(
            *_statements(sorted(consent_rules, key=lambda r: r.id)),
            _("You have agreed that they may share:")
            if agreed
            else _("You have not agreed to any sharing."),
        ),
        items=tuple(category_words(c) for c in agreed),
    )


def _shared(position: Position) -> Section:
    if not position.disclosures:
        return Section(
            _("What has been shared"),
            paragraphs=(_("Nothing about you has been shared with Immigration Enforcement."),),
        )
    return Section(
        _("What has been shared"),
        items=tuple(
            _("On %(date)s, %(reason)s: %(information)s.")
            % {
                "date": day(disclosed.on),
                "reason": purpose_words(disclosed.purpose),
                "information": listed(category_words(c) for c in disclosed.categories),
            }
            for disclosed in position.disclosures
        ),
    )


def _protection(position: Position) -> Section:
    """Which actions are blocked, the rules that block them (saying for how long), and the
    protections registered."""
    checks = list(position.checks.values())
    blocking = [rule for check in checks for rule in check.rules if rule.effect == "forbid"]
    results: list[Decision | GateResult] = [*position.decisions.values(), *checks]
    duties = [rule for result in results for rule in result.rules if rule.duty in PROTECTION_DUTIES]
    otherwise = [r for r in position.rules if r.rule == "otherwise"]
    blocked = position.blocked
    paragraphs = [
        *_statements(sorted(blocking, key=lambda r: r.id)),
        *(() if blocked else _statements(otherwise)),
        *_statements(sorted(duties, key=lambda r: r.id)),
        *(
            _("A protection was registered for you on %(date)s.") % {"date": day(p.registered_on)}
            for p in position.protections
        ),
    ]
    if blocked:
        # Last, so that the list of actions follows it.
        paragraphs.append(_("For now, Immigration Enforcement may not:"))
    return Section(
        _("What protects you"),
        paragraphs=tuple(paragraphs),
        items=tuple(action_words(a) for a in blocked),
    )


def _support(position: Position, supporters: Sequence[str]) -> Section:
    support_rules = [r for r in position.rules if r.duty in SUPPORT_DUTIES]
    return Section(
        _("Who can support you"),
        paragraphs=(
            *_statements(support_rules),
            _("These organisations can help you:")
            if supporters
            else _("Ask the police to put you in touch with a support organisation."),
        ),
        items=tuple(supporters),
    )


def _what_you_can_do() -> Section:
    return Section(
        _("What you can do"),
        items=(
            _("You can change your mind and take back your agreement at any time."),
            _("You can ask a support organisation to talk to the police for you."),
            _("You can complain to the police force. You can also complain to the IOPC."),
            _("You can ask for this notice in another language."),
        ),
    )


def _rights() -> Section:
    return Section(
        _("Your rights as a victim"),
        paragraphs=(_("The Victims' Code gives you these rights, among others:"),),
        items=(
            _("Right 1: to understand and be understood. You can have an interpreter."),
            _("Right 4: to be told about services that support victims, and to be referred."),
            _("Right 6: to be told about the police investigation and any prosecution."),
        ),
    )
