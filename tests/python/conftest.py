"""Shared fixtures of the Python tests: one TM-1 spec per session (loading compiles its MJCF)."""

import pytest

import tianmu


@pytest.fixture(scope="session")
def tm1():
    """The TM-1 RobotSpec."""
    return tianmu.load_robot("tm1")
