"""The tamper-evident audit log: every decision, disclosure, check, notice and case access as an
event in an append-only RFC 9162 Merkle tree with signed checkpoints (DOMAIN.md section 6)."""
