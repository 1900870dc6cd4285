"""The shared GOV.UK kit every app's pages use: form fields and their error wording (`forms`),
the view helpers (`views`), and the components in `web/templates/web/components/`.

The kit sits below the apps: it imports the error kernel, accounts and Django, never an app
(an import-linter contract), so case work, the pathways, Immigration Enforcement, the audit
pages and everything added later build their pages from the same pieces.
"""
