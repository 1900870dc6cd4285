"""Notify's settings: without a key the service starts (the fake in local mode, nothing sent
outside it); with a key, sending is real and everything it needs must be given, or is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from safereport.web.config import LOCAL_NOTIFY_TEMPLATES, notify_settings

KEY = "live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATES = {
    "SAFEREPORT_NOTIFY_TEMPLATE_SMS": "f33517ff-2a88-4f6e-b855-c550268ce081",
    "SAFEREPORT_NOTIFY_TEMPLATE_EMAIL": "f33517ff-2a88-4f6e-b855-c550268ce082",
    "SAFEREPORT_NOTIFY_TEMPLATE_LETTER": "f33517ff-2a88-4f6e-b855-c550268ce083",
}
REAL = {"SAFEREPORT_NOTIFY_API_KEY": KEY, **TEMPLATES}


@pytest.fixture(autouse=True)
def _var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEREPORT_VAR_DIR", str(tmp_path))


def test_local_mode_needs_nothing_and_sends_through_the_fake(tmp_path: Path) -> None:
    notify = notify_settings(debug=True, environ={})

    assert (notify.api_key, notify.fake) == ("", True)
    assert notify.template_sms == LOCAL_NOTIFY_TEMPLATES["SAFEREPORT_NOTIFY_TEMPLATE_SMS"]
    assert notify.callback_token == (tmp_path / "notify-callback-token").read_text()


def test_production_without_a_key_starts_and_sends_nothing() -> None:
    notify = notify_settings(debug=False, environ={})

    assert (notify.api_key, notify.fake, notify.callback_token) == ("", False, "")


def test_with_a_key_and_everything_it_needs_sending_is_real() -> None:
    notify = notify_settings(
        debug=False, environ={**REAL, "SAFEREPORT_NOTIFY_CALLBACK_TOKEN": " token "}
    )

    assert (notify.api_key, notify.fake, notify.callback_token) == (KEY, False, "token")
    assert (notify.template_sms, notify.template_email, notify.template_letter) == tuple(
        TEMPLATES.values()
    )


def test_with_a_key_in_production_every_missing_setting_is_named() -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        notify_settings(debug=False, environ={"SAFEREPORT_NOTIFY_API_KEY": KEY})

    for name in [*TEMPLATES, "SAFEREPORT_NOTIFY_CALLBACK_TOKEN"]:
        assert name in str(error.value)


def test_with_a_key_in_local_mode_the_callback_token_is_generated() -> None:
    notify = notify_settings(debug=True, environ=REAL)

    assert (notify.fake, len(notify.callback_token) > 40) == (False, True)


def test_a_malformed_key_is_named_and_not_shown() -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        notify_settings(debug=True, environ={**REAL, "SAFEREPORT_NOTIFY_API_KEY": "secret-12345"})

    assert "SAFEREPORT_NOTIFY_API_KEY must be a Notify API key" in str(error.value)
    assert "secret-12345" not in str(error.value)


def test_a_template_id_that_is_not_a_uuid_is_named() -> None:
    environ = {**REAL, "SAFEREPORT_NOTIFY_TEMPLATE_EMAIL": "welcome-email"}

    with pytest.raises(ImproperlyConfigured, match="SAFEREPORT_NOTIFY_TEMPLATE_EMAIL must be"):
        notify_settings(debug=True, environ=environ)
