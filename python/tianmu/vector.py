"""Vectorised environments over processes: ``tianmu.vector.make("Walk-v0", num_envs=4)``.

Each environment runs in its own worker process (multiprocessing, one pipe each); ``step()``
sends every action, then collects every result, so the workers simulate in parallel. Batches
follow Gymnasium's vector API: observations stacked along axis 0, rewards/terminated/truncated
as arrays, ``info`` a dict of per-environment lists. An environment that ends is reset at once
(autoreset); its last observation and info are in ``info["final_observation"]`` and
``info["final_info"]``. Deterministic for a seed whatever the number of workers: environment
``i`` is seeded with ``seed + i``.
"""

import multiprocessing as mp

import numpy as np

from . import _tianmu
from .spaces import Box


def _worker(pipe, env_id, kwargs):
    """A worker process: builds the environment, then serves reset/step/close from ``pipe``."""
    # Imported here so a spawned worker builds its own extension state.
    from .envs import make
    try:
        env = make(env_id, **kwargs)
    except Exception as e:  # reported to the parent, which raises it
        pipe.send(("error", e))
        pipe.close()
        return
    pipe.send(("ok", (env.observation_space, env.action_space)))
    while True:
        try:
            command, data = pipe.recv()
        except EOFError:
            break
        try:
            if command == "reset":
                pipe.send(("ok", env.reset(seed=data)))
            elif command == "step":
                obs, reward, terminated, truncated, info = env.step(data)
                if terminated or truncated:
                    final_obs, final_info = obs, info
                    obs, reset_info = env.reset()
                    info = dict(reset_info, final_observation=final_obs, final_info=final_info)
                pipe.send(("ok", (obs, reward, terminated, truncated, info)))
            elif command == "close":
                pipe.send(("ok", None))
                break
        except Exception as e:
            pipe.send(("error", e))
    pipe.close()


def _batched_infos(infos):
    """Per-environment info dicts as one dict of lists (None where an info lacks a key)."""
    keys = []
    for info in infos:
        keys.extend(k for k in info if k not in keys)
    return {k: [info.get(k) for info in infos] for k in keys}


class VectorEnv:
    """``num_envs`` copies of one environment, each in a worker process (see the module doc)."""

    def __init__(self, env_id, num_envs, context=None, **kwargs):
        if not (isinstance(num_envs, int) and num_envs > 0):
            raise _tianmu.InputError("num_envs: expected an integer > 0")
        self.num_envs = num_envs
        ctx = mp.get_context(context or "fork")
        self._pipes, self._processes = [], []
        for _ in range(num_envs):
            parent, child = ctx.Pipe()
            p = ctx.Process(target=_worker, args=(child, env_id, kwargs), daemon=True)
            p.start()
            child.close()
            self._pipes.append(parent)
            self._processes.append(p)
        spaces = [self._receive(pipe) for pipe in self._pipes]
        self.single_observation_space, self.single_action_space = spaces[0]
        o, a = self.single_observation_space, self.single_action_space
        self.observation_space = Box(np.stack([o.low] * num_envs), np.stack([o.high] * num_envs),
                                     dtype=o.dtype)
        self.action_space = Box(np.stack([a.low] * num_envs), np.stack([a.high] * num_envs),
                                dtype=a.dtype)
        self._closed = False

    def _receive(self, pipe):
        """The next reply of a worker; its exception is raised here."""
        status, payload = pipe.recv()
        if status == "error":
            self.close(force=True)
            raise payload
        return payload

    def reset(self, seed=None, options=None):
        """Resets every environment (environment i with ``seed + i`` when a seed is given).
        Returns ``(observations, infos)``."""
        for i, pipe in enumerate(self._pipes):
            pipe.send(("reset", None if seed is None else seed + i))
        results = [self._receive(pipe) for pipe in self._pipes]
        return np.stack([r[0] for r in results]), _batched_infos([r[1] for r in results])

    def step(self, actions):
        """Steps every environment with its row of ``actions``. Returns ``(observations,
        rewards, terminated, truncated, infos)`` as arrays (see the module doc for autoreset)."""
        actions = np.asarray(actions)
        if actions.shape != self.action_space.shape:
            raise _tianmu.InputError(
                f"actions: expected shape {self.action_space.shape}, got {actions.shape}")
        for pipe, action in zip(self._pipes, actions):
            pipe.send(("step", action))
        results = [self._receive(pipe) for pipe in self._pipes]
        obs = np.stack([r[0] for r in results])
        rewards = np.array([r[1] for r in results], dtype=np.float64)
        terminated = np.array([r[2] for r in results], dtype=bool)
        truncated = np.array([r[3] for r in results], dtype=bool)
        return obs, rewards, terminated, truncated, _batched_infos([r[4] for r in results])

    def close(self, force=False):
        """Stops the workers."""
        if getattr(self, "_closed", True) and not force:
            return
        self._closed = True
        for pipe in self._pipes:
            try:
                pipe.send(("close", None))
            except (BrokenPipeError, OSError):
                pass
        for p in self._processes:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
                p.join()

    def __enter__(self):
        """``with tianmu.vector.make(...) as envs:``."""
        return self

    def __exit__(self, *exc):
        """Stops the workers."""
        self.close()

    def __del__(self):
        """Stops the workers if close() was not called."""
        try:
            self.close()
        except Exception:
            pass


def make(env_id, num_envs=1, context=None, **kwargs):
    """``num_envs`` environments ``env_id`` (keyword arguments as for tianmu.make), each in a
    worker process; ``context``: the multiprocessing start method (default "fork")."""
    return VectorEnv(env_id, num_envs, context=context, **kwargs)
