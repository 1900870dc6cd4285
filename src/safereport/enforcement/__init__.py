"""The Immigration Enforcement side: the disclosures inbox, protocol protections and checks.

It never imports the police side: it sees only what is handed to it (ARCHITECTURE.md).

- `snapshots.py`  the contract at the firewall: what a disclosure and a protection may carry
- `actions.py`    `receive_disclosure`, `update_protection` (called by the police side),
                  `check_protocol` and `inbox` (used by IE staff)
- `access.py`     who may use this side
- `models.py`     disclosures (values encrypted) and protections
"""
