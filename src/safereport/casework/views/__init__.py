"""The police side's pages (GOV.UK Design System). Each view parses its input with a form from
`casework.forms`, calls one action or query, and renders or redirects (POST-redirect-GET).

- `cases.py`    the force's case list, recording a report, the case page, a DPO's reason to
                open a case, and the case's progress (stage, support, NRM)
- `people.py`   correcting what is held about a person
- `sharing.py`  the sharing panel, decisions, sharing with IE, consent, duties done
- `force.py`    the data protection officer's pages: the force's regime and the review queue
- `common.py`   what they share: 404 for what is not found, opening a case with a reason

Pages are addressed by random references (`case_...`, `pty_...`, `dec_...`), never by names.
"""
