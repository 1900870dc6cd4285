"""The police side: people, cases, parties, consent, the force's regime, sharing decisions, duty
tasks, disclosures and the review queue.

- `actions/`       every state change, one transactional function each, with its audit event
                   (`reports`, `people`, `identity`, `opening`, `progress`, `sharing`,
                   `force_regimes`)
- `access.py`      who may do what (small functions, each condition on its own line)
- `queries.py`     reading records by reference, with the same access checks, and the read
                   models the pages and the API share (the case overview, consent in force)
- `models.py`      the records; identifying fields encrypted (`safereport.crypto`)
- `facts.py`       the facts the rules decide on, read from the records
- `regimes.py`     which regime a force operates under, and what a change would alter
- `inputs.py`      what an officer gives, checked field by field
- `errors.py`      case work's refusals, on the kernel in `safereport.errors`
- `vocabulary.py`  case work's own words (consent answers, reporting routes, task states)
- `recipients.py`  the organisations a disclosure can go to (Immigration Enforcement)
- `duties_done.py` how the parts above case work say a duty is done (a referral sent), and
                   `views/sections.py` what they add to the case page (its referrals)
- `views/`, `forms.py`, `urls.py`, `templates/` the pages, on the kit in `safereport.web.kit`

Disclosures go to Immigration Enforcement through `safereport.enforcement.actions` only.
"""
