"""An outside witness of the audit log (C2SP tlog-witness), run by an inspectorate on its own
machine with its own key and state: `safereport witness serve`. Framework-free."""
