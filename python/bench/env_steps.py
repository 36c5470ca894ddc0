#!/usr/bin/env python3
"""Environment steps per second on one core: Walk-v0 (50 Hz control, 1 kHz physics) under a
fixed zero action, next to the bare World stepping the same physics with no Python in between;
optionally with the expert, and over worker processes (tianmu.vector).

    PYTHONPATH=build/python /usr/bin/python3 python/bench/env_steps.py [--robot tm1] [--json]
        [--expert] [--num-envs N] [--seconds 5]
"""

import argparse
import json
import sys
import time

import numpy as np

import tianmu


def bench_env(env_id, robot, controller, seconds, seed):
    """Steps/s of ``env_id`` over at least ``seconds`` of wall time (resets included)."""
    env = tianmu.make(env_id, robot=robot, controller=controller)
    env.reset(seed=seed)
    action = np.zeros(env.action_space.shape, dtype=np.float32)
    steps, resets = 0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            _, _, terminated, truncated, _ = env.step(action)
            steps += 1
            if terminated or truncated:
                env.reset()
                resets += 1
    wall = time.perf_counter() - start
    return {"steps": steps, "resets": resets, "wall_time_s": wall, "steps_per_s": steps / wall}


def bench_physics(robot, seconds, seed):
    """Control periods (20 physics steps under a held PD command) per second of the bare World."""
    spec = tianmu.load_robot(robot)
    world = tianmu.World(spec, seed=seed)
    world.set_pd_targets(spec.nominal_posture_rad)
    periods = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            world.step(20)
        periods += 50
    wall = time.perf_counter() - start
    return {"periods": periods, "wall_time_s": wall, "steps_per_s": periods / wall}


def bench_vector(env_id, robot, num_envs, seconds, seed):
    """Steps/s summed over ``num_envs`` environments in worker processes (tianmu.vector)."""
    with tianmu.vector.make(env_id, num_envs=num_envs, robot=robot) as envs:
        envs.reset(seed=seed)
        actions = np.zeros(envs.action_space.shape, dtype=np.float32)
        batches = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            for _ in range(20):
                envs.step(actions)
            batches += 20
        wall = time.perf_counter() - start
    return {"num_envs": num_envs, "batches": batches, "wall_time_s": wall,
            "steps_per_s": batches * num_envs / wall}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--robot", default="tm1")
    parser.add_argument("--seconds", type=float, default=5.0, help="wall time per measurement")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--expert", action="store_true",
                        help="also measure Walk-v0 with the whole-body controller at 1 kHz")
    parser.add_argument("--num-envs", type=int, default=0,
                        help="also measure tianmu.vector with this many worker processes")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = parser.parse_args()
    result = {"robot": args.robot, "control_hz": 50, "physics_hz": 1000,
              "physics_only": bench_physics(args.robot, args.seconds, args.seed),
              "walk_pd": bench_env("Walk-v0", args.robot, "pd", args.seconds, args.seed)}
    if args.expert:
        result["walk_expert"] = bench_env("Walk-v0", args.robot, "expert", args.seconds,
                                          args.seed)
    if args.num_envs > 0:
        result["walk_pd_vector"] = bench_vector("Walk-v0", args.robot, args.num_envs,
                                                args.seconds, args.seed)
    result["env_over_physics"] = (result["walk_pd"]["steps_per_s"]
                                  / result["physics_only"]["steps_per_s"])
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key in ("physics_only", "walk_pd", "walk_expert", "walk_pd_vector"):
            if key in result:
                print(f"{key:13s} {result[key]['steps_per_s']:8.1f} steps/s", file=sys.stderr)
        print(f"Walk-v0 runs at {100 * result['env_over_physics']:.0f}% of the bare physics rate")


if __name__ == "__main__":
    main()
