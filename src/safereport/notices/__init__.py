"""Victim notices (DOMAIN.md section 6; issue 11): the position written for the person in their
language, issued again whenever it changes, delivered only through a channel the person's
safe-contact instructions allow, and readable on their own page with an access code.

- `codes.py`       access codes for the person's own page (shown once, stored as a keyed hash)
                   and the notice reference
- `notify.py`      the GOV.UK Notify client the service uses (a Protocol) and `notify_client()`
- `fake_notify.py` a fake of that client for local mode and the tests
- `callbacks.py`   Notify's delivery receipts: the bearer token check and the body, parsed
- `errors.py`      refusals of the notices, each a `NoticesError`
"""
