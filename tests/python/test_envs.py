"""The Gymnasium-style environments: API shapes, determinism, termination, the expert."""

import numpy as np
import pytest

import tianmu


@pytest.fixture(scope="module")
def walk(tm1):
    """A Walk-v0 environment on TM-1 in the default PD mode."""
    return tianmu.make("Walk-v0", robot=tm1)


def test_acceptance_snippet_runs():
    env = tianmu.make("Walk-v0", robot="tm1")
    obs, info = env.reset(seed=0)
    obs, r, term, trunc, info = env.step(env.action_space.sample())
    assert obs.shape == env.observation_space.shape
    assert isinstance(r, float) and isinstance(term, bool) and isinstance(trunc, bool)


def test_walk_spaces_have_the_documented_shapes(walk, tm1):
    # Action: legs and waist (6 + 6 + 2 joints on TM-1). Observation: gravity 3, gyro 3, q, dq,
    # previous action (14 each), command 3.
    n = len(tm1.groups["left_leg"]) + len(tm1.groups["right_leg"]) + len(tm1.groups["waist"])
    assert walk.action_space.shape == (n,) == (14,)
    assert walk.observation_space.shape == (6 + 3 * n + 3,)
    assert walk.action_space.dtype == np.float32
    assert np.all(walk.action_space.low == -1) and np.all(walk.action_space.high == 1)
    assert walk.action_joint_names[:2] == ["left_hip_yaw", "left_hip_roll"]
    obs, info = walk.reset(seed=1)
    assert obs.dtype == np.float32 and obs.shape == walk.observation_space.shape
    assert walk.observation_space.contains(obs)
    np.testing.assert_allclose(obs[-3:], info["command"], rtol=1e-6)
    # Standing still at the start: gravity points down the IMU's -z axis.
    assert obs[2] == pytest.approx(-1.0, abs=0.02)


def test_step_advances_20_ms_and_returns_the_five_tuple(walk):
    walk.reset(seed=2)
    obs, reward, terminated, truncated, info = walk.step(np.zeros(14, dtype=np.float32))
    assert info["time_s"] == pytest.approx(0.02)
    assert reward > 0 and not terminated and not truncated


def test_same_seed_gives_the_same_episode(walk):
    def episode(seed):
        obs, _ = walk.reset(seed=seed)
        walk.action_space.seed(seed)
        out = [obs]
        for _ in range(20):
            obs, reward, *_ = walk.step(0.2 * walk.action_space.sample())
            out.append(obs)
            out.append(np.array([reward], dtype=np.float32))
        return np.concatenate(out)

    a = episode(11)
    b = episode(11)
    c = episode(12)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_action_space_sample_is_seedable():
    space = tianmu.Box(-1.0, 1.0, (5,))
    space.seed(3)
    a = space.sample()
    space.seed(3)
    np.testing.assert_array_equal(a, space.sample())
    assert space.contains(a)
    unbounded = tianmu.Box(-np.inf, np.inf, (4,))
    assert np.all(np.isfinite(unbounded.sample()))


def test_zero_action_holds_the_nominal_stand_until_the_horizon(tm1):
    env = tianmu.make("Walk-v0", robot=tm1, horizon_steps=100)
    env.reset(seed=0)
    for k in range(100):
        _, _, terminated, truncated, _ = env.step(np.zeros(14))
        assert not terminated
        assert truncated == (k == 99)


def test_a_large_push_makes_the_robot_fall_and_terminates(tm1):
    # 120 N·s on a 55 kg robot is over 2 m/s of base velocity: far beyond what PD recovers.
    env = tianmu.make("Stand-v0", robot=tm1, push_impulse_range_Ns=(120, 120),
                      push_time_range_s=(0.2, 0.2))
    env.reset(seed=0)
    for _ in range(150):
        *_, terminated, truncated, info = env.step(np.zeros(env.action_space.shape))
        if terminated:
            break
    assert terminated and not truncated
    assert info["tilt_rad"] > 0.3


def test_extreme_actions_do_not_crash_and_end_in_a_fall(walk):
    walk.reset(seed=4)
    terminated = False
    for k in range(200):
        action = np.where(np.arange(14) % 2 == 0, 1.0, -1.0) * (1 if (k // 10) % 2 else -1)
        *_, terminated, truncated, _ = walk.step(action * 5)  # clipped to [-1, 1]
        if terminated:
            break
    assert terminated


def test_expert_keeps_tm1_standing_through_a_push(tm1):
    env = tianmu.make("Stand-v0", robot=tm1, controller="expert", push_impulse_range_Ns=(20, 20))
    env.reset(seed=3)
    for _ in range(env.horizon_steps):
        _, reward, terminated, truncated, _ = env.step(np.zeros(env.action_space.shape))
        assert not terminated
    assert truncated


def test_expert_tracks_the_walking_command(tm1):
    env = tianmu.make("Walk-v0", robot=tm1, controller="expert", command=(0.3, 0.0, 0.0))
    env.reset(seed=5)
    rewards = []
    for _ in range(200):  # 4 s
        _, reward, terminated, _, info = env.step(np.zeros(14))
        assert not terminated
        rewards.append(reward)
    assert env.world.truth().base_position_m[0] > 0.6
    # Once walking, the velocity term is high: mean reward well above standing still's.
    assert np.mean(rewards[100:]) > 1.2


def test_bad_arguments_raise_input_error(walk, tm1):
    with pytest.raises(tianmu.InputError, match="unknown environment 'Run-v9'"):
        tianmu.make("Run-v9")
    with pytest.raises(tianmu.InputError, match=r"action: expected shape \(14,\)"):
        walk.step(np.zeros(3))
    with pytest.raises(tianmu.InputError, match="finite"):
        walk.step(np.full(14, np.nan))
    with pytest.raises(tianmu.InputError, match="no group 'tail'"):
        tianmu.make("Walk-v0", robot=tm1, action_groups=["tail"])
    with pytest.raises(tianmu.InputError, match="control mode 'mpc'"):
        tianmu.make("Walk-v0", robot=tm1, controller="mpc")


def test_other_robots_work_through_the_same_api():
    env = tianmu.make("Stand-v0", robot="tm1s")
    obs, _ = env.reset(seed=0)
    assert obs.shape == env.observation_space.shape
    env.step(np.zeros(env.action_space.shape))


def test_reach_observes_the_target_relative_to_the_palm(tm1):
    env = tianmu.make("Reach-v0", robot=tm1)
    assert env.action_joint_names == tm1.groups["right_arm"]
    obs, info = env.reset(seed=0)
    assert obs.shape == env.observation_space.shape == (6 + 3 * 7 + 6,)
    # The task part: target - palm, then the target, in the base frame; at the start the
    # target lies within the documented offsets of the palm.
    np.testing.assert_allclose(obs[-3:], info["target_base_m"], rtol=1e-5)
    lo = np.array([0.05, -0.15, 0.0]) - 1e-6
    hi = np.array([0.3, 0.15, 0.3]) + 1e-6
    assert np.all(obs[-6:-3] >= lo) and np.all(obs[-6:-3] <= hi)
    assert env.distance_m() == pytest.approx(np.linalg.norm(obs[-6:-3]), rel=1e-5)


def test_reach_rewards_moving_the_palm_towards_the_target(tm1):
    # A target 20 cm ahead of and 20 cm above the palm: pitching the shoulder forward (negative
    # on TM-1) closes the distance and earns more than holding still, which earns more than
    # pitching it back.
    def episode_return(shoulder_pitch):
        env = tianmu.make("Reach-v0", robot=tm1,
                          target_offset_range_m=((0.2, 0.2), (0, 0), (0.2, 0.2)))
        env.reset(seed=0)
        action = np.zeros(7)
        action[0] = shoulder_pitch
        total = sum(env.step(action)[1] for _ in range(50))
        return total, env.distance_m()

    forward, d_forward = episode_return(-1.0)
    still, d_still = episode_return(0.0)
    back, _ = episode_return(1.0)
    assert forward > still > back
    assert d_forward < 0.5 * d_still


def test_expert_episodes_are_deterministic_by_seed(tm1):
    env = tianmu.make("Stand-v0", robot=tm1, controller="expert", push_time_range_s=(0.1, 0.2))

    def episode(seed):
        obs, _ = env.reset(seed=seed)
        out = [obs]
        for _ in range(30):
            out.append(env.step(np.zeros(14))[0])
        return np.concatenate(out)

    a = episode(3)
    np.testing.assert_array_equal(a, episode(3))
    assert not np.array_equal(a, episode(4))


def test_stand_push_happens_when_and_where_info_says(tm1):
    env = tianmu.make("Stand-v0", robot=tm1, push_impulse_range_Ns=(25, 25))
    _, info = env.reset(seed=6)
    push = info["push"]
    assert 1.0 <= push["time_s"] <= 2.0 and push["impulse_Ns"] == 25
    direction = np.array([np.cos(push["direction_rad"]), np.sin(push["direction_rad"])])
    peak = 0.0
    for _ in range(int((push["time_s"] + 0.3) / 0.02)):
        *_, info = env.step(np.zeros(14))
        peak = max(peak, float(direction @ info["base_velocity_mps"][:2]))
    # 25 N·s on 54.7 kg is 0.46 m/s for the whole robot; the pelvis, pushed directly, moves
    # faster than the robot's CoM but the legs hold it back: well above 0.2 m/s along the push.
    assert peak > 0.2


def test_reach_expert_brings_the_palm_close_to_the_target(tm1):
    # The whole-body controller's hand task gets the target; balance outranks it, so it stops a
    # few centimetres short of targets near the edge of the workspace (2-6 cm on seeds 0-2).
    env = tianmu.make("Reach-v0", robot=tm1, controller="expert")
    for seed in range(2):
        env.reset(seed=seed)
        start = env.distance_m()
        for _ in range(100):
            *_, terminated, _, _ = env.step(np.zeros(7))
            assert not terminated
        assert env.distance_m() < 0.4 * start
