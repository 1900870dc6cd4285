"""The police side: people, cases, parties, consent, sharing decisions, duties and disclosures.

- `actions.py`     every state change, one transactional function each, with its audit event
- `access.py`      who may do what (small functions, each condition on its own line)
- `queries.py`     reading records by reference, with the same access checks
- `models.py`      the records; identifying fields encrypted (`safereport.crypto`)
- `facts.py`       the facts the rules decide on, read from the records
- `regimes.py`     which regime a force operates under, and what a change would alter
- `inputs.py`      what an officer gives, checked field by field
- `rotation.py`    re-encrypting stored personal data under the newest key (`rotate_keys`)

Disclosures go to Immigration Enforcement through `safereport.enforcement.actions` only.
"""
