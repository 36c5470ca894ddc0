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

__all__ = [
    "CommandMode", "Controller", "Error", "GroundTruth", "InputError", "JointSpec", "LowCmd",
    "LowState", "RobotSpec", "World", "controllers", "load_robot", "robots", "scenes",
]
