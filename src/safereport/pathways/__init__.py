"""Safe reporting pathways (DOMAIN.md section 6; issue 5): the directory of specialist support
organisations, routine referral, third-party reporting, consent and support status.

- `actions/`        every state change, one transactional function each, with its audit event
- `queries.py`      reading records by reference, with the same access checks
- `access.py`       who may do what (small functions, each condition on its own line)
- `models.py`       the records; identity and referral content encrypted (`safereport.crypto`)
- `vocabulary.py`   services, regulators, intake channels, consent purposes
- `lifecycle.py`    the referral statuses and their life as a table of transitions

The pathways change police records only through case work's actions (`record_report`,
`change_party_support`, `reveal_identity`), passing their own access rule (`access.py`) where
they act for a support organisation.
- `matching.py`     ranking organisations for a person, with reasons (framework-free)
- `consent.py`      the data each purpose can carry, and the consent in force now
- `directory.py`    a directory entry and its checking; `csvio.py` the directory as CSV
- `languages.py`    ISO 639-1 codes; `demo.py` the illustrative demo directory
- `views/`, `forms.py`, `urls.py`, `templates/` the pages (GOV.UK Design System)
"""
