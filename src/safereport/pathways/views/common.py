"""The roles the pathways' pages serve. Everything else their views share comes from the kit
(`safereport.web.kit.views`) and, for opening a case with a data protection officer's reason,
from case work's views, so that both sides behave the same."""

from __future__ import annotations

from safereport.accounts.roles import Role

SUPPORT = (Role.SUPPORT_WORKER,)
ADMIN = (Role.ADMIN,)
