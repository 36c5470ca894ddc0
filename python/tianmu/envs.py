"""Gymnasium-style environments over the simulated HAL loop (same method names and return tuples
as ``gymnasium.Env``; gymnasium itself is not needed).

Every environment steps its policy at 50 Hz over 1 kHz physics: one ``step()`` runs 20 physics
steps (and, with the expert, 20 controller ticks) in one C++ call. Observations are built only
from what the robot senses (LowState); rewards and terminations use simulator ground truth.

Control modes (``controller=``):

* ``"pd"`` (default): the action sets joint position targets for the action joints,
  ``q_des = nominal + action_scale_rad * clip(action, -1, 1)``, held by the joint drivers' PD at
  the robot.yaml gains for the 20 ticks; every other joint holds its nominal posture.
* ``"expert"``: the model-based whole-body controller ("wbc") runs at 1 kHz and tracks the task's
  command; the action is a residual, ``action_scale_rad * clip(action, -1, 1)`` added to the
  controller's position targets of the action joints. A zero action is the expert alone.
"""

import math

import numpy as np

from . import _tianmu
from .spaces import Box

#: Physics steps per environment step (1 kHz physics, 50 Hz control).
PHYSICS_STEPS_PER_ACTION = 20


def _leg_and_waist_groups(spec):
    """The groups Walk-v0 and Stand-v0 act on: every leg group and the waist, if any."""
    return [g for g in spec.groups if g.endswith("_leg") or g == "waist"]


class HumanoidEnv:
    """Base of the humanoid environments: world, action mapping, observation, termination.

    Observation (float32), from the sensors only:
      ``[gravity in the IMU frame (3), gyro (3, rad/s), q - nominal of the action joints (n, rad),
      dq of the action joints (n, rad/s), previous action (n), task part (see subclasses)]``.
    Action (float32): ``n`` values in [-1, 1], one per action joint (``action_joint_names``).
    ``terminated`` when the robot falls (ground truth, ``World.fallen``); ``truncated`` at
    ``horizon_steps``.
    """

    metadata = {"render_modes": [], "render_fps": 50}
    render_mode = None

    def __init__(self, robot="tm1", scene="flat", controller="pd", horizon_steps=1000,
                 action_scale_rad=0.5, action_groups=None, sensor_noise=True,
                 component_models=True):
        if controller not in ("pd", "expert"):
            raise _tianmu.InputError(
                f"controller: unknown control mode '{controller}' (expected one of: pd, expert)")
        if not (isinstance(horizon_steps, int) and horizon_steps > 0):
            raise _tianmu.InputError("horizon_steps: expected an integer > 0")
        if not action_scale_rad > 0:
            raise _tianmu.InputError("action_scale_rad: expected a number > 0")
        self.spec = robot if isinstance(robot, _tianmu.RobotSpec) else _tianmu.load_robot(robot)
        self.control_mode = controller
        self.horizon_steps = horizon_steps
        self.action_scale_rad = float(action_scale_rad)
        self.control_period_s = PHYSICS_STEPS_PER_ACTION * 0.001
        groups = action_groups if action_groups is not None else self._default_action_groups()
        known = self.spec.group_indices
        indices = []
        for g in groups:
            if g not in known:
                raise _tianmu.InputError(
                    f"action_groups: robot {self.spec.name} has no group '{g}' "
                    f"(it has: {', '.join(known)})")
            indices.extend(known[g])
        if not indices:
            raise _tianmu.InputError("action_groups: expected at least one joint")
        self.action_joints = np.asarray(indices, dtype=np.int64)
        self.action_joint_names = [self.spec.joint_names[j] for j in indices]
        self.world = _tianmu.World(
            self.spec, scene=scene, seed=0, sensor_noise=sensor_noise,
            component_models=component_models,
            controller="wbc" if controller == "expert" else None)
        self._nominal = self.spec.nominal_posture_rad
        self._nominal_action = self._nominal[self.action_joints]
        n = len(indices)
        self.action_space = Box(-1.0, 1.0, (n,), np.float32)
        obs_dim = 6 + 3 * n + self._task_obs_size()
        self.observation_space = Box(-np.inf, np.inf, (obs_dim,), np.float32)
        self._q_target = self._nominal.copy()
        self._offset = np.zeros(self.spec.num_joints)
        self._prev_action = np.zeros(n)
        self._steps = 0
        self.np_random = None

    # ---- hooks of the tasks ----
    def _default_action_groups(self):
        """Groups the action moves when ``action_groups`` is not given."""
        return _leg_and_waist_groups(self.spec)

    def _task_obs_size(self):
        """Length of the task part at the end of the observation."""
        return 0

    def _task_obs(self):
        """The task part of the observation (float64)."""
        return np.zeros(0)

    def _task_reset(self, rng):
        """Samples the episode's task (command, push, target) with ``rng``; returns info."""
        return {}

    def _task_reward(self, truth, action):
        """Reward of the step that ended at ``truth`` (GroundTruth) under ``action``."""
        return 0.0

    # ---- gymnasium API ----
    def reset(self, seed=None, options=None):
        """Starts an episode. ``seed`` reseeds the task sampling and the world's sensor noise (the
        world is rebuilt for a new seed, about 0.5 s for TM-1); without it the episode continues
        the random sequences, so a run is reproducible from its first seeded reset (seed 0 when
        none was given). Returns ``(observation, info)``."""
        if seed is not None or self.np_random is None:
            seed = 0 if seed is None else int(seed)
            if seed < 0:
                raise _tianmu.InputError("seed: expected an integer >= 0")
            self.np_random = np.random.default_rng(seed)
            self.world.reset(seed=seed)
        else:
            self.world.reset()
        self._steps = 0
        self._prev_action[:] = 0
        info = self._task_reset(self.np_random)
        if self.control_mode == "pd":
            self.world.set_pd_targets(self._nominal)
        return self._observation(), info

    def step(self, action):
        """Applies ``action`` for one 20 ms control period. Returns ``(observation, reward,
        terminated, truncated, info)``."""
        a = np.asarray(action, dtype=np.float64)
        if a.shape != self.action_space.shape:
            raise _tianmu.InputError(
                f"action: expected shape {self.action_space.shape}, got {a.shape}")
        if not np.all(np.isfinite(a)):
            raise _tianmu.InputError("action: expected finite numbers")
        a = np.clip(a, -1.0, 1.0)
        if self.control_mode == "pd":
            self._q_target[self.action_joints] = self._nominal_action + self.action_scale_rad * a
            self.world.set_pd_targets(self._q_target)
            self.world.step(PHYSICS_STEPS_PER_ACTION)
        else:
            self._offset[self.action_joints] = self.action_scale_rad * a
            self.world.step(PHYSICS_STEPS_PER_ACTION, self._offset)
        self._steps += 1
        truth = self.world.truth()
        terminated = self.world.fallen
        truncated = not terminated and self._steps >= self.horizon_steps
        reward = self._task_reward(truth, a)
        self._prev_action[:] = a
        obs = self._observation()
        info = {"time_s": truth.time_s, "base_velocity_mps": truth.base_linear_velocity_mps,
                "tilt_rad": truth.tilt_rad}
        return obs, float(reward), bool(terminated), bool(truncated), info

    def close(self):
        """Releases nothing (the world is freed with the environment); for API compatibility."""

    def render(self):
        """Rendering is not implemented; returns None."""
        return None

    @property
    def unwrapped(self):
        """The environment itself (no wrappers)."""
        return self

    def __enter__(self):
        """``with tianmu.make(...) as env:``."""
        return self

    def __exit__(self, *exc):
        """Closes the environment."""
        self.close()

    # ---- helpers ----
    def _observation(self):
        """The observation now (see the class docstring), float32."""
        s = self.world.state
        w, x, y, z = s.imu_orientation_wxyz
        gravity = (-2.0 * (x * z - w * y), -2.0 * (y * z + w * x), -(1.0 - 2.0 * (x * x + y * y)))
        j = self.action_joints
        return np.concatenate((gravity, s.imu_angular_velocity_radps,
                               s.q_rad[j] - self._nominal_action, s.dq_radps[j],
                               self._prev_action, self._task_obs())).astype(np.float32)

    def _action_rate_penalty(self, action):
        """|action - previous action|²."""
        d = action - self._prev_action
        return float(d @ d)


def _heading_velocity(truth):
    """Base velocity in the heading frame (vx, vy, m/s) and yaw rate (rad/s), ground truth."""
    w, x, y, z = truth.base_orientation_wxyz
    yaw = math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z))
    vx_w, vy_w, _ = truth.base_linear_velocity_mps
    c, s = math.cos(yaw), math.sin(yaw)
    wb = truth.base_angular_velocity_radps
    # z row of world <- base applied to the base-frame angular velocity.
    wz = (2 * (x * z - w * y)) * wb[0] + (2 * (y * z + w * x)) * wb[1] + \
        (1 - 2 * (x * x + y * y)) * wb[2]
    return c * vx_w + s * vy_w, -s * vx_w + c * vy_w, wz


class WalkEnv(HumanoidEnv):
    """Walk-v0: track a velocity command (vx, vy, wz in the heading frame).

    The command is drawn per episode from ``command_range`` (or fixed with ``command=``) and is
    the last 3 observation values. Reward per step:
    ``exp(-|v_xy - cmd_xy|² / 0.25) + 0.5 exp(-(wz - cmd_wz)² / 0.25) + 0.2
    - 0.01 |a - a_prev|²`` from ground-truth base velocity. Horizon 1000 steps (20 s).
    """

    def __init__(self, robot="tm1", command=None,
                 command_range=((0.0, 0.5), (-0.1, 0.1), (-0.3, 0.3)), **kwargs):
        kwargs.setdefault("horizon_steps", 1000)
        self.fixed_command = None if command is None else np.asarray(command, dtype=np.float64)
        if self.fixed_command is not None and self.fixed_command.shape != (3,):
            raise _tianmu.InputError("command: expected (vx_mps, vy_mps, wz_radps)")
        self.command_range = np.asarray(command_range, dtype=np.float64)
        if self.command_range.shape != (3, 2):
            raise _tianmu.InputError("command_range: expected 3 (low, high) pairs")
        self.command = np.zeros(3)
        super().__init__(robot=robot, **kwargs)

    def _task_obs_size(self):
        """The command: 3 values."""
        return 3

    def _task_obs(self):
        """The command (vx_mps, vy_mps, wz_radps)."""
        return self.command

    def _task_reset(self, rng):
        """Draws (or sets) the episode's command and hands it to the expert."""
        if self.fixed_command is not None:
            self.command = self.fixed_command.copy()
        else:
            self.command = rng.uniform(self.command_range[:, 0], self.command_range[:, 1])
        if self.control_mode == "expert":
            self.world.controller.set_velocity_command(*self.command)
        return {"command": self.command.copy()}

    def _task_reward(self, truth, action):
        """Velocity tracking (see the class docstring)."""
        vx, vy, wz = _heading_velocity(truth)
        e_xy = (vx - self.command[0]) ** 2 + (vy - self.command[1]) ** 2
        e_wz = (wz - self.command[2]) ** 2
        return (math.exp(-e_xy / 0.25) + 0.5 * math.exp(-e_wz / 0.25) + 0.2
                - 0.01 * self._action_rate_penalty(action))


class StandEnv(HumanoidEnv):
    """Stand-v0: keep standing through a push.

    Each episode pushes the base once, horizontally in a random direction, at a time drawn
    from ``push_time_range_s`` with an impulse drawn from ``push_impulse_range_Ns`` over
    ``push_duration_s`` (info["push"] describes it). No task observation. Reward per step:
    ``1 + 0.5 exp(-tilt² / 0.05) - 0.5 |base_xy - start_xy| - 0.01 |a - a_prev|²``.
    Horizon 250 steps (5 s).
    """

    def __init__(self, robot="tm1", push_time_range_s=(1.0, 2.0),
                 push_impulse_range_Ns=(10.0, 30.0), push_duration_s=0.1, **kwargs):
        kwargs.setdefault("horizon_steps", 250)
        self.push_time_range_s = tuple(float(v) for v in push_time_range_s)
        self.push_impulse_range_Ns = tuple(float(v) for v in push_impulse_range_Ns)
        if not push_duration_s > 0:
            raise _tianmu.InputError("push_duration_s: expected a number > 0")
        self.push_duration_s = float(push_duration_s)
        self._start_xy = np.zeros(2)
        super().__init__(robot=robot, **kwargs)

    def _task_reset(self, rng):
        """Draws and schedules the episode's push."""
        t = rng.uniform(*self.push_time_range_s)
        impulse = rng.uniform(*self.push_impulse_range_Ns)
        angle = rng.uniform(-math.pi, math.pi)
        force = impulse / self.push_duration_s
        force_N = (force * math.cos(angle), force * math.sin(angle), 0.0)
        self.world.push(force_N, duration_s=self.push_duration_s, body="base", start_s=t)
        self._start_xy = self.world.truth().base_position_m[:2]
        return {"push": {"time_s": t, "impulse_Ns": impulse, "direction_rad": angle,
                         "force_N": force_N, "duration_s": self.push_duration_s}}

    def _task_reward(self, truth, action):
        """Standing upright near the start (see the class docstring)."""
        drift = float(np.hypot(*(truth.base_position_m[:2] - self._start_xy)))
        return (1.0 + 0.5 * math.exp(-truth.tilt_rad ** 2 / 0.05) - 0.5 * drift
                - 0.01 * self._action_rate_penalty(action))


def _base_frame(truth, point_m):
    """``point_m`` (world frame) in the base frame of ``truth``: R_WB^T (p - p_WB)."""
    w, x, y, z = truth.base_orientation_wxyz
    d = np.asarray(point_m) - truth.base_position_m
    # Rows of R_WB^T are the columns of R_WB.
    r = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y + w * z), 2 * (x * z - w * y)],
                  [2 * (x * y - w * z), 1 - 2 * (x * x + z * z), 2 * (y * z + w * x)],
                  [2 * (x * z + w * y), 2 * (y * z - w * x), 1 - 2 * (x * x + y * y)]])
    return r @ d


class ReachEnv(HumanoidEnv):
    """Reach-v0: bring a palm to a target point while standing.

    The action moves one arm (``hand="right"`` by default; its arm group); the legs and the rest
    hold the nominal posture (PD) or are balanced by the expert, which also reaches: its hand
    task gets the target (world frame, fixed at the episode's start). Each episode draws a target in
    the base frame, offset from the palm's nominal position by ``target_offset_range_m``
    (per axis: (low, high) in x forward, y left, z up). Task observation: target minus palm and
    the target, both in the base frame (m); the palm position is the arm's forward kinematics,
    taken here from the simulator (equal to kinematics of the encoders up to quantisation).
    Reward per step: ``0.2 - 2 d + exp(-d² / 0.005) - 0.01 |a - a_prev|²`` with ``d`` the
    palm-to-target distance (m). Horizon 150 steps (3 s).
    """

    def __init__(self, robot="tm1", hand="right",
                 target_offset_range_m=((0.05, 0.3), (-0.15, 0.15), (0.0, 0.3)), **kwargs):
        kwargs.setdefault("horizon_steps", 150)
        spec = robot if isinstance(robot, _tianmu.RobotSpec) else _tianmu.load_robot(robot)
        hands = {h["side"]: h for h in spec.hands}
        if hand not in hands:
            raise _tianmu.InputError(
                f"hand: robot {spec.name} has no {hand} hand (it has: {', '.join(hands) or 'none'})")
        self.hand = hand
        self.hand_index = [h["side"] for h in spec.hands].index(hand)
        self.palm_site = hands[hand]["palm_site"]
        self.target_offset_range_m = np.asarray(target_offset_range_m, dtype=np.float64)
        if self.target_offset_range_m.shape != (3, 2):
            raise _tianmu.InputError("target_offset_range_m: expected 3 (low, high) pairs")
        self.target_base_m = np.zeros(3)
        self._palm_base_m = np.zeros(3)
        super().__init__(robot=spec, **kwargs)

    def _default_action_groups(self):
        """The arm of the reaching hand."""
        group = f"{self.hand}_arm"
        if group not in self.spec.group_indices:
            raise _tianmu.InputError(f"robot {self.spec.name} has no group '{group}'")
        return [group]

    def _task_obs_size(self):
        """Target minus palm, and target: 6 values."""
        return 6

    def _task_obs(self):
        """Target minus palm and the target, base frame (m)."""
        return np.concatenate((self.target_base_m - self._palm_base_m, self.target_base_m))

    def _update_palm(self, truth):
        """Palm position in the base frame of ``truth``."""
        self._palm_base_m = _base_frame(truth, self.world.site_position_m(self.palm_site))

    def _task_reset(self, rng):
        """Draws the target near the palm; the expert's hand task gets it."""
        truth = self.world.truth()
        self._update_palm(truth)
        r = self.target_offset_range_m
        self.target_base_m = self._palm_base_m + rng.uniform(r[:, 0], r[:, 1])
        if self.control_mode == "expert":
            self.world.controller.set_hand_position_target(self.hand_index,
                                                           self._world_frame(truth))
        return {"target_base_m": self.target_base_m.copy(), "palm_site": self.palm_site}

    def _world_frame(self, truth):
        """The target in the world frame, at the base pose of ``truth``."""
        w, x, y, z = truth.base_orientation_wxyz
        r = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
                      [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
                      [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)]])
        return truth.base_position_m + r @ self.target_base_m

    def _task_reward(self, truth, action):
        """Distance to the target (see the class docstring)."""
        self._update_palm(truth)
        d = float(np.linalg.norm(self.target_base_m - self._palm_base_m))
        return 0.2 - 2.0 * d + math.exp(-d * d / 0.005) - 0.01 * self._action_rate_penalty(action)

    def distance_m(self):
        """Palm-to-target distance now (m)."""
        return float(np.linalg.norm(self.target_base_m - self._palm_base_m))


_REGISTRY = {"Walk-v0": WalkEnv, "Stand-v0": StandEnv, "Reach-v0": ReachEnv}


def env_ids():
    """The environment ids make() accepts."""
    return sorted(_REGISTRY)


def make(env_id, **kwargs):
    """A new environment: ``make("Walk-v0", robot="tm1", controller="pd", ...)``. Keyword
    arguments go to the environment's constructor (see WalkEnv, StandEnv, HumanoidEnv). Raises
    InputError for an unknown id."""
    if env_id not in _REGISTRY:
        raise _tianmu.InputError(
            f"unknown environment '{env_id}' (expected one of: {', '.join(env_ids())})")
    return _REGISTRY[env_id](**kwargs)
