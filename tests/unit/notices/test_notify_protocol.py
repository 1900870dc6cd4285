"""The fake cannot drift from the real client: the real `NotificationsAPIClient` has every method
of the `NotifyClient` Protocol with compatible parameters, the fake has exactly the Protocol's,
and the real client, answered by a canned Notify, posts the fields the Protocol names and raises
the same error as the fake for the same refusal."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest
import requests
from django.test import override_settings
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from requests.adapters import BaseAdapter

from safereport.notices import fake_notify
from safereport.notices.errors import NotifyUnavailableError
from safereport.notices.fake_notify import FakeNotifyClient
from safereport.notices.notify import NotifyClient, notify_client

TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
API_KEY = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
METHODS = sorted(
    name for name, value in vars(NotifyClient).items() if callable(value) and name[0] != "_"
)


def parameters(method: Callable[..., Any]) -> list[inspect.Parameter]:
    return [p for p in inspect.signature(method).parameters.values() if p.name != "self"]


def test_the_protocol_is_the_four_calls_the_service_makes() -> None:
    assert METHODS == [
        "get_notification_by_id",
        "send_email_notification",
        "send_letter_notification",
        "send_sms_notification",
    ]


@pytest.mark.parametrize("name", METHODS)
def test_the_real_client_takes_every_call_of_the_protocol(name: str) -> None:
    """Same names in the same places, the same kind, a default wherever the Protocol has one;
    anything more the real client takes is optional."""
    wanted = parameters(getattr(NotifyClient, name))
    real = parameters(getattr(NotificationsAPIClient, name))

    assert [p.name for p in real[: len(wanted)]] == [p.name for p in wanted]
    for ours, theirs in zip(wanted, real, strict=False):
        assert theirs.kind == ours.kind, ours.name
        if ours.default is not inspect.Parameter.empty:
            assert theirs.default == ours.default, ours.name
    assert all(p.default is not inspect.Parameter.empty for p in real[len(wanted) :])


@pytest.mark.parametrize("name", METHODS)
def test_the_fake_takes_exactly_the_calls_of_the_protocol(name: str) -> None:
    wanted = parameters(getattr(NotifyClient, name))
    fake = parameters(getattr(FakeNotifyClient, name))

    assert [(p.name, p.kind, p.default) for p in fake] == [
        (p.name, p.kind, p.default) for p in wanted
    ]


def test_both_are_a_notify_client_to_the_type_checker() -> None:
    clients: list[NotifyClient] = [FakeNotifyClient(), NotificationsAPIClient(API_KEY)]

    assert len(clients) == 2


class CannedNotify(BaseAdapter):
    """Notify's side of the wire: answers every request with one status and body, and keeps
    what was posted."""

    def __init__(self, status: int, body: Mapping[str, object]) -> None:
        super().__init__()
        self.status, self.body = status, body
        self.posted: list[dict[str, Any]] = []

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if request.body:
            self.posted.append(json.loads(request.body))
        response = requests.Response()
        response.status_code = self.status
        response._content = json.dumps(self.body).encode()
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


def real_client(status: int, body: Mapping[str, object]) -> tuple[NotifyClient, CannedNotify]:
    client = NotificationsAPIClient(API_KEY)
    notify = CannedNotify(status, body)
    client.request_session.mount("https://", notify)
    return client, notify


def test_the_real_client_posts_the_fields_the_protocol_names() -> None:
    answer = FakeNotifyClient().send_sms_notification(
        "07700 900123", TEMPLATE, {"text": "Hello"}, "ntc_1"
    )
    client, notify = real_client(201, answer)

    got = client.send_sms_notification("07700 900123", TEMPLATE, {"text": "Hello"}, "ntc_1")

    assert got == answer
    assert notify.posted == [
        {
            "phone_number": "07700 900123",
            "template_id": TEMPLATE,
            "personalisation": {"text": "Hello"},
            "reference": "ntc_1",
        }
    ]


def test_a_refusal_is_the_same_error_from_the_real_client_and_the_fake() -> None:
    with pytest.raises(HTTPError) as from_fake:
        FakeNotifyClient().send_sms_notification("020 7946 0958", TEMPLATE)
    client, _ = real_client(400, from_fake.value.response.json())  # type: ignore[union-attr]

    with pytest.raises(HTTPError) as from_real:
        client.send_sms_notification("020 7946 0958", TEMPLATE)

    assert type(from_real.value) is type(from_fake.value)
    assert from_real.value.status_code == from_fake.value.status_code == 400
    assert from_real.value.message == from_fake.value.message
    assert from_fake.value.message == [
        {"error": "ValidationError", "message": "phone_number Not a UK mobile number"}
    ]
    assert str(from_real.value) == str(from_fake.value)


def test_with_a_key_the_factory_gives_the_real_client() -> None:
    with override_settings(NOTIFY_API_KEY=API_KEY, NOTIFY_FAKE=False):
        assert isinstance(notify_client(), NotificationsAPIClient)


def test_in_local_mode_without_a_key_it_gives_the_process_fake() -> None:
    with override_settings(NOTIFY_API_KEY="", NOTIFY_FAKE=True):
        assert notify_client() is fake_notify.LOCAL
        assert notify_client() is notify_client()


def test_outside_local_mode_without_a_key_nothing_is_sent() -> None:
    with (
        override_settings(NOTIFY_API_KEY="", NOTIFY_FAKE=False),
        pytest.raises(NotifyUnavailableError, match="Give the notice in person"),
    ):
        notify_client()
