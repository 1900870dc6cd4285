"""The suite's own arrangement: the tests sharing the regimes' decided spaces stay in one worker.

Nothing else fails when they do not: each worker decides the spaces again (about 20 s of CPU
here), as happened unseen when pytest 9.2's node ids broke pytest-xdist 3.8's `--dist loadgroup`
(pytest-dev/pytest-xdist#1386).
"""

from __future__ import annotations

import pytest


@pytest.mark.usefixtures("each_space_decided_once")
def test_the_tests_sharing_the_decided_spaces_are_one_group(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("xdist_group")
    assert marker is not None
    assert marker.args == ("each_space_decided_once",)
    # In a worker of `--dist loadgroup` (as `make test` runs), xdist schedules by a suffix on the
    # node id; in one process there is no worker to keep them in.
    if getattr(request.config.option, "loadgroup", False):
        assert request.node.nodeid.endswith("@each_space_decided_once"), (
            "pytest-xdist did not group this test: check the versions of pytest and pytest-xdist"
        )
