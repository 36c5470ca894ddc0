"""The example and the benchmark under python/ run and print what they promise."""

import json
import os
import pathlib
import subprocess
import sys

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[2] / "python"


def run(script, *args):
    """Runs `script` with this interpreter and environment; returns its stdout."""
    result = subprocess.run([sys.executable, str(PYTHON_DIR / script), *args],
                            capture_output=True, text=True, env=os.environ, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_benchmark_prints_steps_per_second_as_json():
    report = json.loads(run("bench/env_steps.py", "--seconds", "0.2", "--json"))
    assert report["robot"] == "tm1"
    assert report["walk_pd"]["steps"] >= 50
    assert report["physics_only"]["steps_per_s"] > 0
    assert 0 < report["env_over_physics"] < 2


def test_walk_example_shows_the_expert_walking_and_random_actions_falling():
    lines = run("examples/walk.py", "--seconds", "2").splitlines()
    assert len(lines) == 3
    assert "expert" in lines[0] and "standing" in lines[0]
    assert "random" in lines[2] and "fell" in lines[2]
