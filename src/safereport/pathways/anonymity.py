"""Whether what the police will see of a third-party report gives away who the person is: the
pseudonym, and the account of what happened. Framework-free.

Names are compared as a person would read them: ignoring case, accents and spacing, so that
"Ana Quispe", "ANA QUISPE" and "anaquíspe" are one name. Phone numbers are compared by their
digits; email addresses whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# A name shorter than this is not looked for: one or two letters are in too many words.
SHORTEST_NAME = 3
# A phone number is looked for by its last digits: enough to identify, whatever the prefix.
PHONE_DIGITS = 7


def folded(text: str) -> str:
    """Lower case, without accents (`é` is `e`), every run of spaces or punctuation one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"\w+", bare))


def _names(names: Iterable[str]) -> list[str]:
    """Each name as folded words, and the whole of each name, long enough to look for."""
    found: list[str] = []
    for name in names:
        whole = folded(name)
        for part in {whole, *whole.split()}:
            if len(part.replace(" ", "")) >= SHORTEST_NAME:
                found.append(part)
    return found


def pseudonym_names(pseudonym: str, names: Iterable[str]) -> bool:
    """Whether the pseudonym is, or contains, one of the person's names (spacing ignored)."""
    squeezed = folded(pseudonym).replace(" ", "")
    return any(name.replace(" ", "") in squeezed for name in _names(names))


def identifies(text: str, *, names: Iterable[str], phone: str = "", email: str = "") -> bool:
    """Whether `text` names the person (a name as a word of it), or gives their phone number or
    email address."""
    words = f" {folded(text)} "
    if any(f" {name} " in words for name in _names(names)):
        return True
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= PHONE_DIGITS and digits[-PHONE_DIGITS:] in re.sub(r"\D", "", text):
        return True
    return bool(email.strip()) and email.strip().casefold() in text.casefold()
