"""The pathways' pages (GOV.UK Design System). Each view parses its input with a form from
`pathways.forms`, calls one action or query, and renders or redirects (POST-redirect-GET).

- `directory.py`  the administrators' directory: list, add, change, CSV import and export
- `referrals.py`  the officer's offer (matching), answer and sending; the organisation's inbox
                  and referral page with its steps; support status; withdrawing consent
- `reports.py`    third-party reports: the organisation's form and page, the force's list and
                  recording as a case, and the victim's consent to reveal their identity
- `common.py`     what they share

Pages are addressed by random references (`ref_...`, `tpr_...`, `pty_...`, `pcn_...`) or, for
the directory, by an organisation's code; never by a person's name.
"""
