"""The C++ bindings: robots, World, LowState/LowCmd, controllers and errors."""

import numpy as np
import pytest

import tianmu


def test_lists_the_bundled_robots_and_scenes():
    assert "tm1" in tianmu.robots()
    assert "tm1s" in tianmu.robots()
    assert "flat" in tianmu.scenes()
    assert tianmu.controllers() == ["wbc", "posture"]


def test_tm1_spec_has_42_joints_grouped_and_weighs_about_55_kg(tm1):
    assert tm1.name == "tm1"
    assert tm1.num_joints == 42
    assert len(tm1.joint_names) == 42
    assert tm1.groups["left_leg"][0] == "left_hip_yaw"
    assert [tm1.joint_names[j] for j in tm1.group_indices["right_leg"]] == tm1.groups["right_leg"]
    # README and robot.yaml give 54.7 kg for TM-1.
    assert tm1.total_mass_kg == pytest.approx(54.7, abs=0.5)
    knee = tm1.joint_index("left_knee")
    assert tm1.nominal_posture_rad[knee] == pytest.approx(0.60)
    assert tm1.joints[knee].kp_Nm_per_rad == 500
    assert np.all(tm1.lower_rad <= tm1.upper_rad)


def test_unknown_robot_raises_input_error_with_the_cli_message():
    with pytest.raises(tianmu.InputError) as e:
        tianmu.load_robot("no-such-robot")
    assert isinstance(e.value, ValueError)
    assert "no-such-robot" in str(e.value)
    assert "tm1" in str(e.value)  # the message lists the known robots, as the CLI's does


def test_unknown_scene_and_controller_raise_input_error(tm1):
    with pytest.raises(tianmu.InputError, match="no-such-scene"):
        tianmu.World(tm1, scene="no-such-scene")
    with pytest.raises(tianmu.InputError, match="unknown controller 'mpc'"):
        tianmu.Controller(tm1, "mpc")


def test_bad_push_spec_raises_the_cli_parse_error(tm1):
    world = tianmu.World(tm1)
    with pytest.raises(tianmu.InputError, match="impulse|f="):
        world.add_perturbation("t=1,body=base")
    with pytest.raises(tianmu.InputError, match="no such body"):
        world.push((100, 0, 0), body="no_such_body")


def test_world_state_arrays_are_views_of_the_live_state(tm1):
    world = tianmu.World(tm1, sensor_noise=False)
    qpos = world.qpos
    assert qpos.shape[0] >= 7 + 42  # free base, actuated joints, then passive finger joints
    assert not qpos.flags.writeable
    z0 = float(qpos[2])
    world.set_torque_off()
    world.step(300)
    # The same array object sees the new state: no copy was made.
    assert qpos[2] < z0 - 0.05
    assert world.time_s == pytest.approx(0.3)
    q = world.state.q_rad
    assert q.shape == (42,)
    before = q.copy()
    world.step(50)
    assert not np.array_equal(q, before)


def test_robot_stands_under_pd_at_the_nominal_posture(tm1):
    world = tianmu.World(tm1, seed=1)
    world.set_pd_targets(tm1.nominal_posture_rad)
    world.step(2000)
    assert not world.fallen
    # README: TM-1 stands under pure joint PD; the pelvis stays within 5 cm of its height.
    assert world.truth().base_position_m[2] == pytest.approx(tm1.standing_base_height_m, abs=0.05)


def test_zero_torque_falls(tm1):
    world = tianmu.World(tm1)
    world.set_torque_off()
    world.step(3000)
    assert world.fallen


def test_same_seed_same_trajectory_different_seed_different_noise(tm1):
    def run(seed):
        world = tianmu.World(tm1, seed=seed)
        world.set_pd_targets(tm1.nominal_posture_rad)
        world.step(200)
        return world.qpos.copy(), world.state.dq_radps.copy()

    q_a, dq_a = run(3)
    q_b, dq_b = run(3)
    _, dq_c = run(4)
    np.testing.assert_array_equal(q_a, q_b)
    np.testing.assert_array_equal(dq_a, dq_b)
    assert not np.array_equal(dq_a, dq_c)  # joint velocity noise differs with the seed


def _pushed_run(world, tm1):
    world.set_pd_targets(tm1.nominal_posture_rad)
    world.push((150, 0, 0), duration_s=0.1, start_s=0.05)
    world.step(300)
    return world.qpos.copy()


def test_reset_with_the_seed_replays_the_episode_exactly(tm1):
    world = tianmu.World(tm1, seed=7)
    first = _pushed_run(world, tm1)
    world.reset(seed=7)
    assert world.time_s == 0
    np.testing.assert_array_equal(_pushed_run(world, tm1), first)


def test_reset_without_seed_replays_physics_and_drops_pushes(tm1):
    # Without noise only physics matters, so the in-place reset replays exactly; the push of
    # the first episode must not come back in the second.
    world = tianmu.World(tm1, sensor_noise=False)
    pushed = _pushed_run(world, tm1)
    world.reset()
    world.set_pd_targets(tm1.nominal_posture_rad)
    world.step(300)
    calm = world.qpos.copy()
    world.reset()
    np.testing.assert_array_equal(_pushed_run(world, tm1), pushed)
    assert pushed[0] > calm[0] + 0.01  # 15 N·s forward moved the pelvis forward


def test_old_views_stay_valid_after_reset(tm1):
    world = tianmu.World(tm1)
    old = world.qpos
    world.reset(seed=5)
    assert old.shape == world.qpos.shape
    assert float(old[2]) > 0  # still readable: the old world is kept alive by the view


def test_lowcmd_rejected_by_the_port_raises_with_the_reason(tm1):
    world = tianmu.World(tm1)
    cmd = tianmu.LowCmd(tm1.num_joints)
    cmd.q_des_rad = tm1.nominal_posture_rad
    cmd.kp_Nm_per_rad = tm1.kp_Nm_per_rad
    cmd.q_des_rad[0] = np.nan
    with pytest.raises(tianmu.InputError, match="command refused"):
        world.set_command(cmd)
    with pytest.raises(tianmu.InputError, match="expected 42 values"):
        world.set_pd_targets(np.zeros(3))


def test_lowstate_and_lowcmd_fields_are_numpy_views():
    state = tianmu.LowState(4, 2)
    state.q_rad[1] = 0.5
    assert state.q_rad[1] == 0.5
    state.dq_radps = np.arange(4.0)
    assert list(state.dq_radps) == [0, 1, 2, 3]
    assert state.touch_N.shape == (2,)
    assert list(state.imu_orientation_wxyz) == [1, 0, 0, 0]
    cmd = tianmu.LowCmd(4)
    cmd.mode = tianmu.CommandMode.DAMPING
    assert cmd.size == 4 and cmd.mode == tianmu.CommandMode.DAMPING
    with pytest.raises(ValueError, match="expected 4 values"):
        cmd.q_des_rad = np.zeros(5)


def test_wbc_walks_forward_on_a_velocity_command(tm1):
    world = tianmu.World(tm1, controller="wbc")
    world.controller.set_velocity_command(0.3)
    world.step(4000)
    truth = world.truth()
    assert not world.fallen
    # 0.3 m/s for 4 s minus the start-up steps: well over a metre.
    assert truth.base_position_m[0] > 0.6
    assert world.controller.mode != "damping"


def test_wbc_emergency_stop_and_posture_controller_refuses_wbc_commands(tm1):
    world = tianmu.World(tm1, controller="wbc")
    world.step(200)
    world.controller.emergency_stop(2)
    world.step(1500)
    assert world.controller.status["estop_time_s"] >= 0
    assert world.controller.status["estop_category"] == 2
    assert not world.fallen
    posture = tianmu.Controller(tm1, "posture")
    with pytest.raises(tianmu.InputError, match="needs the wbc controller"):
        posture.set_velocity_command(0.2)
    with pytest.raises(tianmu.InputError, match="category: expected 1"):
        world.controller.emergency_stop(3)


def test_controller_computes_a_command_from_a_state(tm1):
    world = tianmu.World(tm1)
    controller = tianmu.Controller(tm1, "posture")
    controller.reset(world.state)
    cmd = controller.compute(world.state)
    assert cmd.size == 42
    np.testing.assert_allclose(cmd.q_des_rad, tm1.nominal_posture_rad, atol=1e-9)


def test_site_and_body_positions_are_ground_truth_in_the_world_frame(tm1):
    world = tianmu.World(tm1)
    assert [h["side"] for h in tm1.hands] == ["left", "right"]
    palm = world.site_position_m(tm1.hands[1]["palm_site"])
    assert palm[1] < -0.1  # the right hand hangs on the right (-y) of the pelvis
    assert 0.4 < palm[2] < 1.2
    pelvis = world.body_position_m(tm1.base_body)
    assert pelvis[2] == pytest.approx(tm1.standing_base_height_m, abs=0.01)
    with pytest.raises(tianmu.InputError, match="site 'nose': no such site"):
        world.site_position_m("nose")


def test_wbc_estimate_follows_the_ground_truth_while_walking(tm1):
    world = tianmu.World(tm1, controller="wbc")
    assert tianmu.Controller(tm1, "posture").estimate is None
    world.controller.set_velocity_command(0.3)
    world.step(3000)
    estimate, truth = world.controller.estimate, world.truth()
    # The estimator integrates leg odometry and the IMU: after 3 s of walking its base position
    # stays within 10 cm of the truth (docs/estimation.md quotes drift of a few per cent).
    assert np.linalg.norm(estimate["base_position_m"][:2] - truth.base_position_m[:2]) < 0.1
    assert estimate["time_s"] == pytest.approx(truth.time_s, abs=0.002)


def test_hand_and_gaze_targets_need_the_wbc_and_a_valid_hand(tm1):
    world = tianmu.World(tm1, controller="wbc")
    with pytest.raises(tianmu.InputError, match="hand 5: robot tm1 has 2 hand"):
        world.controller.set_hand_position_target(5, (0.3, -0.2, 1.0))
    world.controller.set_gaze_target((2.0, 0.0, 1.0))
    world.controller.clear_gaze_target()
    with pytest.raises(tianmu.InputError, match="needs the wbc controller"):
        tianmu.Controller(tm1, "posture").set_hand_position_target(0, (0.3, 0.2, 1.0))
