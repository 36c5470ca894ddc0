"""Vectorised environments over worker processes."""

import numpy as np
import pytest

import tianmu


def test_vector_env_matches_single_envs_seed_for_seed():
    with tianmu.vector.make("Walk-v0", num_envs=2, robot="tm1") as envs:
        obs, infos = envs.reset(seed=10)
        assert obs.shape == (2,) + envs.single_observation_space.shape
        actions = np.zeros(envs.action_space.shape, dtype=np.float32)
        for _ in range(5):
            obs, rewards, terminated, truncated, infos = envs.step(actions)
        assert rewards.shape == (2,) and terminated.dtype == bool
    single = tianmu.make("Walk-v0", robot="tm1")
    for i in range(2):
        o, _ = single.reset(seed=10 + i)
        for _ in range(5):
            o, *_ = single.step(np.zeros(14))
        np.testing.assert_array_equal(o, obs[i])


def test_vector_env_autoresets_finished_episodes():
    with tianmu.vector.make("Walk-v0", num_envs=2, robot="tm1", horizon_steps=3) as envs:
        envs.reset(seed=0)
        for _ in range(3):
            obs, _, terminated, truncated, infos = envs.step(np.zeros(envs.action_space.shape))
        assert truncated.all()
        assert infos["final_observation"][0].shape == envs.single_observation_space.shape
        # After the autoreset the environments are back at the start.
        np.testing.assert_allclose(obs[:, 6:20], 0.0, atol=0.05)


def test_vector_env_reports_worker_errors_as_input_error():
    with pytest.raises(tianmu.InputError, match="no-such-robot"):
        tianmu.vector.make("Walk-v0", num_envs=2, robot="no-such-robot")
