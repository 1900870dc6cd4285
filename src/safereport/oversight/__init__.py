"""Oversight: what inspectors and data protection officers see of the service as a whole. Today
the audit log's pages (the latest signed checkpoint, its public key, the last verification and
inclusion proofs); no personal data reaches any of them."""
