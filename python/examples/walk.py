#!/usr/bin/env python3
"""Walk-v0 three ways: the model-based expert walking TM-1 at a commanded velocity, a zero-action
PD stand, and random actions (which fall). Prints one line per run.

    PYTHONPATH=build/python /usr/bin/python3 python/examples/walk.py [--robot tm1] [--seconds 5]
"""

import argparse

import numpy as np

import tianmu


def run(env, policy, seed):
    """Runs one episode of ``env`` under ``policy(obs)``; returns (steps, return, fell, x_m)."""
    obs, info = env.reset(seed=seed)
    total, steps = 0.0, 0
    while True:
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        total += reward
        steps += 1
        if terminated or truncated:
            return steps, total, terminated, env.world.truth().base_position_m[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--robot", default="tm1")
    parser.add_argument("--seconds", type=float, default=5.0, help="episode length (s)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    horizon = int(round(args.seconds / 0.02))
    for label, controller, random_actions in (("expert (wbc) at 0.3 m/s", "expert", False),
                                              ("zero action, PD stand", "pd", False),
                                              ("random actions", "pd", True)):
        env = tianmu.make("Walk-v0", robot=args.robot, controller=controller,
                          command=(0.3, 0.0, 0.0), horizon_steps=horizon)
        zero = np.zeros(env.action_space.shape, dtype=np.float32)
        env.action_space.seed(args.seed)
        policy = (lambda o: env.action_space.sample()) if random_actions else (lambda o: zero)
        steps, total, fell, x = run(env, policy, args.seed)
        print(f"{label:26s} {steps:4d} steps, return {total:7.1f}, "
              f"{'fell' if fell else 'standing'}, base x {x:+.2f} m")


if __name__ == "__main__":
    main()
