"""Tianmu in Python: robots, the simulated world behind the HAL port, the controllers, and
Gymnasium-style environments (``tianmu.make("Walk-v0", robot="tm1")``).

The C++ core is the ``_tianmu`` extension; everything it defines is re-exported here. Errors from
bad input raise :class:`InputError` (a ``ValueError``) with the message the ``tianmu`` command
prints; failures at run time raise :class:`Error` (a ``RuntimeError``).
"""

from ._tianmu import (  # noqa: F401  (re-exports)
    CommandMode,
    Controller,
    Error,
    GroundTruth,
    InputError,
    JointSpec,
    LowCmd,
    LowState,
    RobotSpec,
    World,
    controllers,
    load_robot,
    robots,
    scenes,
)
from .envs import env_ids, make  # noqa: F401
from .spaces import Box  # noqa: F401
from . import vector  # noqa: F401

__all__ = [
    "Box", "CommandMode", "Controller", "Error", "GroundTruth", "InputError", "JointSpec",
    "LowCmd", "LowState", "RobotSpec", "World", "controllers", "env_ids", "load_robot", "make",
    "robots", "scenes", "vector",
]
