"""The JSON API under `/api/v1` (django-ninja), for systems that work with the service.

- `api.py`          the NinjaAPI instance: its routers, its URLs, its OpenAPI document
- `auth.py`         bearer tokens, and the roles each endpoint serves (checked in one place)
- `tokens.py`       making a user's token (`safereport createtoken`) and finding its user
- `errors.py`       every error as `{"error": {"code", "message", "fields"}}`, mapped here only
- `idempotency.py`  `Idempotency-Key` on every POST: a retry gets the first answer, nothing twice
- `models.py`       the answers kept for those keys (encrypted), for `IDEMPOTENCY_KEY_HOURS`
- `schemas.py`      what goes in and comes out, as pydantic schemas
- `casework.py`     police endpoints: cases, parties, sharing decisions, disclosures
- `enforcement.py`  Immigration Enforcement endpoints: the inbox and the protocol check
- `policy.py`       the stateless `decide` and `gate`, taking the CLI's scenario JSON

Endpoints are thin: they parse the request, call one action, and shape its result.
"""
