"""How `invoke test` runs the suite: one worker a core it may use, never more than a few."""

import os

import pytest

from tests.prerequisites import MAX_WORKERS, parallel_arguments


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 2), (MAX_WORKERS, MAX_WORKERS), (64, MAX_WORKERS)])
def test_one_worker_a_core_up_to_a_few_each_taking_whole_files(cores, workers):
    assert parallel_arguments(cores) == f"-n {workers} --dist loadfile"


def test_the_cores_are_the_ones_this_process_may_run_on(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert parallel_arguments() == "-n 1 --dist loadfile"
