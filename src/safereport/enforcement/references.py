"""Random references for what Immigration Enforcement holds (128 random bits: unguessable, and
they say nothing about who or how many)."""

from __future__ import annotations

import re

from safereport.references import new_reference

PROTOCOL_REFERENCE = re.compile(r"prot_[0-9a-f]{32}")


def protocol_reference() -> str:
    """The reference IE quotes for a protocol check, e.g. `prot_3f9a...`."""
    return new_reference("prot")


def disclosure_reference() -> str:
    """The reference of a disclosure in IE's inbox, e.g. `dsc_3f9a...`."""
    return new_reference("dsc")


def check_reference() -> str:
    """The reference of one protocol check, to cite in IE's own records, e.g. `chk_3f9a...`."""
    return new_reference("chk")
