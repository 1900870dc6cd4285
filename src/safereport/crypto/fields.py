"""Django model fields that store personal data encrypted (AES-256-GCM, `keyring.py`).

Values are encrypted on the way to the database and decrypted on the way back; each ciphertext
is bound to its table and column. Ciphertexts use a random nonce, so the database cannot compare
them: any lookup other than `isnull` is refused, which also means no one can search people by
name in the database (DOMAIN.md section 5: a name search would reveal who reported a crime).
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable, Expression

from safereport.crypto.keyring import KeyRing, KeyRingError

# The lookups that do not compare the value itself: all that a ciphertext can answer.
ALLOWED_LOOKUPS = frozenset({"isnull"})


@lru_cache(maxsize=8)
def _parsed(text: str) -> KeyRing:
    try:
        return KeyRing.parse(text)
    except KeyRingError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: {error}") from None


def key_ring() -> KeyRing:
    """The ring in `settings.FIELD_ENCRYPTION_KEYS` (parsed once per distinct setting, so a test
    that overrides the setting gets its own ring)."""
    return _parsed(str(settings.FIELD_ENCRYPTION_KEYS))


_ST = TypeVar("_ST")  # what may be assigned
_GT = TypeVar("_GT")  # what is read back

if TYPE_CHECKING:
    # django-stubs types a field by its two type parameters; each subclass names its own.
    _FieldBase = models.Field
else:

    class _FieldBase(models.Field, Generic[_ST, _GT]):
        """`models.Field`, subscriptable at run time as it is for the type checker."""


class EncryptedField(_FieldBase[_ST, _GT]):
    """A text column holding `v1:<key id>:<base64>`; subclasses say how a value becomes text."""

    description = "Encrypted value (AES-256-GCM)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Refuse options that only make sense on comparable values."""
        for option in ("unique", "db_index", "primary_key"):
            if kwargs.get(option):
                raise ImproperlyConfigured(
                    f"{type(self).__name__} cannot be {option}: its ciphertexts are randomised "
                    "and cannot be compared"
                )
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        """Stored in a text column, whatever the Python type."""
        return "TextField"

    @property
    def context(self) -> str:
        """The associated data of this column's ciphertexts: `table.column`."""
        return f"{self.model._meta.db_table}.{self.column}"

    def to_text(self, value: Any) -> str:
        """The plaintext written for a Python value."""
        return str(value)

    def from_text(self, text: str) -> Any:
        """The Python value of a decrypted plaintext."""
        return text

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        """Encrypt under the newest key; None stays NULL, expressions pass through."""
        if value is None or hasattr(value, "resolve_expression"):
            return value
        return key_ring().encrypt(self.to_text(self.to_python(value)), context=self.context)

    def from_db_value(
        self, value: Any, expression: Expression, connection: BaseDatabaseWrapper
    ) -> Any:
        """Decrypt; a malformed value or unknown key raises `DecryptionError` naming the column."""
        if value is None:
            return None
        return self.from_text(key_ring().decrypt(value, context=self.context))

    def get_placeholder(self, value: Any, compiler: Any, connection: BaseDatabaseWrapper) -> str:
        """Django asks this of each value an `update()` writes, expressions included, which never
        reach `get_db_prep_value`: `update(name=Value("x"))` or `F("other")` would write their
        result as it is, unencrypted (or another column's ciphertext under the wrong context).
        Only a plain value (encrypted as ever) or an expression whose output is this kind of
        field (what `bulk_update` builds) may be written."""
        if hasattr(value, "resolve_expression") and (
            not isinstance(getattr(value, "output_field", None), EncryptedField)
            or hasattr(value, "target")  # a column: its ciphertext is bound to its own column
        ):
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: update() may set it only to a "
                "plain value, which is encrypted; an expression would be written unencrypted"
            )
        return "%s"

    def get_lookup(self, lookup_name: str) -> Any:
        """Only `isnull`: comparing randomised ciphertexts would silently match nothing."""
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: it cannot be searched or "
                f"compared in the database (lookup {lookup_name!r})"
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        """No transforms (`__lower`, `__year`, ...): they would read ciphertext."""
        return None


class EncryptedTextField(EncryptedField[str | Combinable, str]):
    """Encrypted text."""

    def to_python(self, value: Any) -> Any:
        """Text as text."""
        if value is None or isinstance(value, str):
            return value
        return str(value)


class EncryptedDateField(EncryptedField[date | str | Combinable | None, date | None]):
    """An encrypted calendar date, written as ISO 8601 (YYYY-MM-DD)."""

    description = "Encrypted date (AES-256-GCM)"

    def to_python(self, value: Any) -> Any:
        """A date from a date or an ISO 8601 string."""
        if value is None or type(value) is date:
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise forms.ValidationError(
                    "Enter a real date in the form YYYY-MM-DD", code="invalid"
                ) from None
        raise forms.ValidationError("Enter a date, not a date and time", code="invalid")

    def to_text(self, value: Any) -> str:
        """ISO 8601."""
        return str(value.isoformat())

    def from_text(self, text: str) -> Any:
        """A date."""
        return date.fromisoformat(text)

    def formfield(self, **kwargs: Any) -> Any:
        """A date input, not a text area."""
        return forms.DateField(**{"required": not self.blank, **kwargs})


class EncryptedBooleanField(EncryptedField[bool | Combinable, bool]):
    """An encrypted true or false (what it records about a person can itself be sensitive)."""

    description = "Encrypted boolean (AES-256-GCM)"

    def to_python(self, value: Any) -> Any:
        """True or False; also the texts `true` and `false`."""
        if value is None or isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError("Choose yes or no", code="invalid")

    def to_text(self, value: Any) -> str:
        """`true` or `false`."""
        return "true" if value else "false"

    def from_text(self, text: str) -> Any:
        """True or False."""
        return text == "true"

    def formfield(self, **kwargs: Any) -> Any:
        """A check box."""
        return forms.BooleanField(**{"required": False, **kwargs})


class EncryptedJSONField(EncryptedField[dict[str, Any] | Combinable, dict[str, Any]]):
    """An encrypted JSON object (a disclosure's fields), written with sorted keys."""

    description = "Encrypted JSON (AES-256-GCM)"

    def to_python(self, value: Any) -> Any:
        """A JSON object as it is (text is not parsed: it would be ambiguous)."""
        if value is None or isinstance(value, dict):
            return value
        raise forms.ValidationError("Give a JSON object", code="invalid")

    def to_text(self, value: Any) -> str:
        """Sorted keys, so equal values encrypt equal plaintexts."""
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def from_text(self, text: str) -> Any:
        """The parsed JSON."""
        return json.loads(text)
