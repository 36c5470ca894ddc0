// tianmu._tianmu: pybind11 bindings of the robot specs, the simulated world behind its HAL port,
// LowState/LowCmd and the controllers. Arrays are numpy views without copies where the C++ data
// is contiguous; InputError and RuntimeError become tianmu.InputError / tianmu.Error carrying the
// message the CLI prints.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "handles.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/runtime/controller_factory.h"
#include "tianmu/sim/perturbation.h"
#include "tianmu/sim/scene.h"

namespace py = pybind11;

namespace tianmu::python {
namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// A numpy view of `n` doubles at `data`, kept alive by `owner`; read-only unless `writable`.
py::array View(double* data, py::ssize_t n, py::handle owner, bool writable) {
  py::array a(py::dtype::of<double>(), {n}, {static_cast<py::ssize_t>(sizeof(double))}, data,
              owner);
  if (!writable) a.attr("setflags")(py::arg("write") = false);
  return a;
}

// A view of a std::vector<double> member of the Python object `self` (sizes never change after
// construction, so the view stays valid while `self` lives).
py::array VectorView(std::vector<double>& v, py::handle self) {
  return View(v.data(), static_cast<py::ssize_t>(v.size()), self, true);
}

// Copies `values` into `v`, which keeps its size; ValueError when the sizes differ.
void AssignVector(std::vector<double>* v, const Array& values, const char* field) {
  if (values.ndim() != 1 || static_cast<std::size_t>(values.shape(0)) != v->size()) {
    throw InputError(std::string(field) + ": expected " + std::to_string(v->size()) +
                     " values, got shape " + std::to_string(values.size()));
  }
  std::copy(values.data(), values.data() + values.size(), v->begin());
}

template <std::size_t N>
py::array ArrayCopy(const std::array<double, N>& a) {
  Array out(static_cast<py::ssize_t>(N));
  std::copy(a.begin(), a.end(), out.mutable_data());
  return out;
}

py::array VectorCopy(const std::vector<double>& v) {
  Array out(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

// The base object of World views: holds the world of the episode they were taken in, so they stay
// valid after the WorldHandle was reset onto a new one.
struct WorldRef {
  std::shared_ptr<sim::World> world;
};

// A read-only view of `n` doubles owned by `world`.
py::array WorldView(const std::shared_ptr<sim::World>& world, const double* data, int n) {
  return View(const_cast<double*>(data), n, py::cast(WorldRef{world}), false);
}

// A per-joint array of a RobotSpec field.
template <typename F>
py::array PerJoint(const model::RobotSpec& spec, F field) {
  Array out(spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) out.mutable_data()[j] = field(spec.joints[j]);
  return out;
}

// Python holds specs as shared_ptr<RobotSpec> (pybind11 holders cannot be const) but exposes
// no setters; the C++ owners see them const.
std::shared_ptr<model::RobotSpec> LoadSpec(const std::string& name_or_path) {
  return std::make_shared<model::RobotSpec>(model::LoadRobotByNameOrPath(name_or_path));
}

std::shared_ptr<model::RobotSpec> Mutable(const std::shared_ptr<const model::RobotSpec>& spec) {
  return std::const_pointer_cast<model::RobotSpec>(spec);
}

// A robot given as a RobotSpec or a name/path.
std::shared_ptr<const model::RobotSpec> SpecOf(const py::object& robot) {
  if (py::isinstance<model::RobotSpec>(robot)) {
    return robot.cast<std::shared_ptr<model::RobotSpec>>();
  }
  if (py::isinstance<py::str>(robot)) return LoadSpec(robot.cast<std::string>());
  throw InputError("robot: expected a RobotSpec or a robot name or robot.yaml path");
}

// Checks a full-joint array argument.
const double* JointArray(const Array& a, const model::RobotSpec& spec, const char* field) {
  if (a.ndim() != 1 || a.shape(0) != spec.num_joints()) {
    throw InputError(std::string(field) + ": expected " + std::to_string(spec.num_joints()) +
                     " values (one per joint of " + spec.name + "), got " +
                     std::to_string(a.size()));
  }
  return a.data();
}

py::dict StatusDict(const control::ControllerStatus& s) {
  py::dict d;
  d["mode"] = s.mode;
  d["fall_detected_time_s"] = s.fall_detected_time_s;
  d["estop_time_s"] = s.estop_time_s;
  d["stopped_time_s"] = s.stopped_time_s;
  d["rest_time_s"] = s.rest_time_s;
  d["estop_category"] = s.estop_category;
  d["command_wz_radps"] = s.command_wz_radps;
  d["qp_failures"] = s.qp_failures;
  d["commands_clamped"] = s.commands_clamped;
  return d;
}

std::optional<model::StopCategory> StopCategoryOf(std::optional<int> category) {
  if (!category) return std::nullopt;
  if (*category != 1 && *category != 2) {
    throw InputError(
        "category: expected 1 (stop, lower to rest, damping) or 2 (stop and hold), got " +
        std::to_string(*category));
  }
  return *category == 1 ? model::StopCategory::kControlledThenRest
                        : model::StopCategory::kControlledHold;
}

void BindModel(py::module_& m) {
  m.def("robots", &model::ListRobots, "Names of the robots under assets/robots/, sorted.");
  m.def("scenes", &sim::ListScenes, "Names of the scenes under assets/scenes/, sorted.");
  m.def("controllers", &runtime::ControllerNames,
        "Names of the controllers World(controller=...) and Controller() accept.");

  py::class_<model::JointSpec>(m, "JointSpec", "One actuated joint of a robot (read-only).")
      .def_readonly("name", &model::JointSpec::name, "MJCF joint name.")
      .def_readonly("group", &model::JointSpec::group, "Joint group, e.g. 'left_leg'.")
      .def_readonly("actuator", &model::JointSpec::actuator, "MJCF actuator driving the joint.")
      .def_readonly("limited", &model::JointSpec::limited, "True when it has a position range.")
      .def_readonly("lower_rad", &model::JointSpec::lower_rad, "Lower position limit (rad).")
      .def_readonly("upper_rad", &model::JointSpec::upper_rad, "Upper position limit (rad).")
      .def_readonly("nominal_rad", &model::JointSpec::nominal_rad, "Nominal standing posture.")
      .def_readonly("kp_Nm_per_rad", &model::JointSpec::kp_Nm_per_rad, "robot.yaml stiffness.")
      .def_readonly("kd_Nms_per_rad", &model::JointSpec::kd_Nms_per_rad, "robot.yaml damping.")
      .def_readonly("component", &model::JointSpec::component, "Integrated joint component id.")
      .def_readonly("peak_torque_Nm", &model::JointSpec::peak_torque_Nm, "Peak output torque.")
      .def_readonly("max_velocity_radps", &model::JointSpec::max_velocity_radps,
                    "No-load speed of the joint.")
      .def("__repr__", [](const model::JointSpec& j) {
        return "<JointSpec " + j.name + " (" + j.group + ")>";
      });

  py::class_<model::RobotSpec, std::shared_ptr<model::RobotSpec>>(
      m, "RobotSpec",
      "Everything constant about one robot, from its robot.yaml and MJCF (read-only). Joint "
      "arrays follow `joint_names` order, the LowState/LowCmd order.")
      .def_readonly("name", &model::RobotSpec::name, "Robot name, e.g. 'tm1'.")
      .def_readonly("description", &model::RobotSpec::description, "One-line description.")
      .def_readonly("yaml_path", &model::RobotSpec::yaml_path, "The robot.yaml it came from.")
      .def_readonly("model_path", &model::RobotSpec::model_path, "The MJCF model (absolute).")
      .def_readonly("base_body", &model::RobotSpec::base_body, "The floating base body.")
      .def_readonly("total_mass_kg", &model::RobotSpec::total_mass_kg, "Sum of body masses.")
      .def_readonly("standing_base_height_m", &model::RobotSpec::standing_base_height_m,
                    "Base height in the nominal posture, soles on z = 0.")
      .def_readonly("joints", &model::RobotSpec::joints, "The actuated joints (JointSpec list).")
      .def_readonly("touch_sensors", &model::RobotSpec::touch_sensors,
                    "Touch sensor names, LowState.touch_N order.")
      .def_property_readonly("num_joints", &model::RobotSpec::num_joints,
                             "Number of actuated joints.")
      .def_property_readonly(
          "joint_names",
          [](const model::RobotSpec& s) {
            std::vector<std::string> names;
            for (const model::JointSpec& j : s.joints) names.push_back(j.name);
            return names;
          },
          "Actuated joint names in LowState/LowCmd order.")
      .def_property_readonly(
          "groups",
          [](const model::RobotSpec& s) {
            py::dict groups;
            for (const model::GroupSpec& g : s.groups) {
              std::vector<std::string> names;
              for (int j : g.joints) names.push_back(s.joints[j].name);
              groups[py::str(g.name)] = names;
            }
            return groups;
          },
          "Joint groups in robot.yaml order: {group name: [joint names]}.")
      .def_property_readonly(
          "group_indices",
          [](const model::RobotSpec& s) {
            py::dict groups;
            for (const model::GroupSpec& g : s.groups) groups[py::str(g.name)] = g.joints;
            return groups;
          },
          "Joint groups as indices into joint_names: {group name: [indices]}.")
      .def_property_readonly(
          "nominal_posture_rad",
          [](const model::RobotSpec& s) { return VectorCopy(s.NominalPosture()); },
          "Nominal standing posture (rad), one value per joint.")
      .def_property_readonly(
          "lower_rad",
          [](const model::RobotSpec& s) {
            return PerJoint(s, [](const model::JointSpec& j) {
              return j.limited ? j.lower_rad : -std::numeric_limits<double>::infinity();
            });
          },
          "Lower position limits (rad); -inf where a joint is unlimited.")
      .def_property_readonly(
          "upper_rad",
          [](const model::RobotSpec& s) {
            return PerJoint(s, [](const model::JointSpec& j) {
              return j.limited ? j.upper_rad : std::numeric_limits<double>::infinity();
            });
          },
          "Upper position limits (rad); +inf where a joint is unlimited.")
      .def_property_readonly(
          "kp_Nm_per_rad",
          [](const model::RobotSpec& s) {
            return PerJoint(s, [](const model::JointSpec& j) { return j.kp_Nm_per_rad; });
          },
          "robot.yaml joint stiffness per joint.")
      .def_property_readonly(
          "kd_Nms_per_rad",
          [](const model::RobotSpec& s) {
            return PerJoint(s, [](const model::JointSpec& j) { return j.kd_Nms_per_rad; });
          },
          "robot.yaml joint damping per joint.")
      .def_property_readonly(
          "peak_torque_Nm",
          [](const model::RobotSpec& s) {
            return PerJoint(s, [](const model::JointSpec& j) { return j.peak_torque_Nm; });
          },
          "Peak output torque per joint (datasheet, capped by robot.yaml and the MJCF).")
      .def_property_readonly(
          "hands",
          [](const model::RobotSpec& s) {
            py::list hands;
            for (const model::HandSpec& h : s.hands) {
              py::dict d;
              d["side"] = h.side;
              d["body"] = h.body;
              d["palm_site"] = h.palm_site;
              hands.append(d);
            }
            return hands;
          },
          "The hands: [{'side': 'left'|'right', 'body': ..., 'palm_site': ...}].")
      .def("joint_index", &model::RobotSpec::JointIndex, py::arg("name"),
           "Index of joint `name` in joint_names, or -1.")
      .def("__repr__", [](const model::RobotSpec& s) {
        return "<RobotSpec " + s.name + ": " + std::to_string(s.num_joints()) + " joints, " +
               std::to_string(s.total_mass_kg) + " kg>";
      });

  m.def("load_robot", &LoadSpec, py::arg("name_or_path"),
        "Loads and validates a robot by name (see robots()) or by a robot.yaml path. Raises "
        "InputError naming the file, line and field of the first problem.");
}

void BindHal(py::module_& m) {
  py::class_<hal::LowState>(
      m, "LowState",
      "One tick of sensor readings as a real robot delivers them. Joint arrays (numpy views, "
      "no copies) follow RobotSpec.joint_names order.")
      .def(py::init([](int num_joints, int num_touch) {
             hal::LowState s;
             s.Resize(num_joints, num_touch);
             return s;
           }),
           py::arg("num_joints"), py::arg("num_touch") = 0,
           "Zero-filled readings for `num_joints` joints and `num_touch` touch patches.")
      .def_readwrite("tick", &hal::LowState::tick, "Control ticks since start.")
      .def_readwrite("time_s", &hal::LowState::time_s, "Robot time of the reading (s).")
      .def_property(
          "q_rad",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowState&>().q_rad, self);
          },
          [](hal::LowState& s, const Array& a) { AssignVector(&s.q_rad, a, "q_rad"); },
          "Joint positions from the encoders (rad).")
      .def_property(
          "dq_radps",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowState&>().dq_radps, self);
          },
          [](hal::LowState& s, const Array& a) { AssignVector(&s.dq_radps, a, "dq_radps"); },
          "Joint velocities (rad/s).")
      .def_property(
          "tau_measured_Nm",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowState&>().tau_measured_Nm, self);
          },
          [](hal::LowState& s, const Array& a) {
            AssignVector(&s.tau_measured_Nm, a, "tau_measured_Nm");
          },
          "Joint output torques as the drivers estimate them (N·m).")
      .def_property(
          "temperature_C",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowState&>().temperature_C, self);
          },
          [](hal::LowState& s, const Array& a) {
            AssignVector(&s.temperature_C, a, "temperature_C");
          },
          "Motor winding temperatures (°C).")
      .def_property(
          "touch_N",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowState&>().touch_N, self);
          },
          [](hal::LowState& s, const Array& a) { AssignVector(&s.touch_N, a, "touch_N"); },
          "Touch patch normal forces (N), RobotSpec.touch_sensors order.")
      .def_property_readonly(
          "imu_orientation_wxyz",
          [](const py::object& self) {
            auto& a = self.cast<hal::LowState&>().imu.orientation_wxyz;
            return View(a.data(), 4, self, false);
          },
          "IMU orientation, world <- IMU unit quaternion (w, x, y, z); read-only view.")
      .def_property_readonly(
          "imu_angular_velocity_radps",
          [](const py::object& self) {
            auto& a = self.cast<hal::LowState&>().imu.angular_velocity_radps;
            return View(a.data(), 3, self, false);
          },
          "Gyro reading in the IMU frame (rad/s); read-only view.")
      .def_property_readonly(
          "imu_linear_acceleration_mps2",
          [](const py::object& self) {
            auto& a = self.cast<hal::LowState&>().imu.linear_acceleration_mps2;
            return View(a.data(), 3, self, false);
          },
          "Accelerometer specific force in the IMU frame, gravity included (m/s²); read-only.")
      .def_property_readonly(
          "foot_force_N",
          [](const hal::LowState& s) {
            Array out({2, 3});
            for (int f = 0; f < 2; ++f) {
              for (int k = 0; k < 3; ++k) out.mutable_at(f, k) = s.feet[f].force_N[k];
            }
            return out;
          },
          "Foot F/T forces in each sole frame, [left, right] x (x, y, z) (N); a copy.")
      .def_property_readonly(
          "foot_torque_Nm",
          [](const hal::LowState& s) {
            Array out({2, 3});
            for (int f = 0; f < 2; ++f) {
              for (int k = 0; k < 3; ++k) out.mutable_at(f, k) = s.feet[f].torque_Nm[k];
            }
            return out;
          },
          "Foot F/T torques in each sole frame, [left, right] x (x, y, z) (N·m); a copy.")
      .def(
          "copy", [](const hal::LowState& s) { return s; }, "An independent copy.");

  py::enum_<hal::CommandMode>(m, "CommandMode", "How the joint drivers treat a LowCmd.")
      .value("ACTIVE", hal::CommandMode::kActive, "Follow the PD + feed-forward command.")
      .value("DAMPING", hal::CommandMode::kDamping, "Velocity damping only (safe fallback).")
      .value("OFF", hal::CommandMode::kOff, "Zero torque.");

  py::class_<hal::LowCmd>(
      m, "LowCmd",
      "One tick of joint commands; the driver applies tau = kp (q_des - q) + kd (dq_des - dq) "
      "+ tau_ff. Arrays (numpy views) follow RobotSpec.joint_names order.")
      .def(py::init([](int num_joints) {
             hal::LowCmd c;
             c.Resize(num_joints);
             return c;
           }),
           py::arg("num_joints"), "A zero-filled ACTIVE command for `num_joints` joints.")
      .def_readwrite("tick", &hal::LowCmd::tick, "Tick the command is for.")
      .def_readwrite("mode", &hal::LowCmd::mode, "CommandMode of the drivers.")
      .def_property(
          "q_des_rad",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowCmd&>().q_des_rad, self);
          },
          [](hal::LowCmd& c, const Array& a) { AssignVector(&c.q_des_rad, a, "q_des_rad"); },
          "Position targets (rad).")
      .def_property(
          "dq_des_radps",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowCmd&>().dq_des_radps, self);
          },
          [](hal::LowCmd& c, const Array& a) { AssignVector(&c.dq_des_radps, a, "dq_des_radps"); },
          "Velocity targets (rad/s).")
      .def_property(
          "kp_Nm_per_rad",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowCmd&>().kp_Nm_per_rad, self);
          },
          [](hal::LowCmd& c, const Array& a) {
            AssignVector(&c.kp_Nm_per_rad, a, "kp_Nm_per_rad");
          },
          "Stiffness (N·m/rad).")
      .def_property(
          "kd_Nms_per_rad",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowCmd&>().kd_Nms_per_rad, self);
          },
          [](hal::LowCmd& c, const Array& a) {
            AssignVector(&c.kd_Nms_per_rad, a, "kd_Nms_per_rad");
          },
          "Damping (N·m·s/rad).")
      .def_property(
          "tau_ff_Nm",
          [](const py::object& self) {
            return VectorView(self.cast<hal::LowCmd&>().tau_ff_Nm, self);
          },
          [](hal::LowCmd& c, const Array& a) { AssignVector(&c.tau_ff_Nm, a, "tau_ff_Nm"); },
          "Feed-forward torque (N·m).")
      .def_property_readonly("size", &hal::LowCmd::size, "Number of joints.")
      .def(
          "copy", [](const hal::LowCmd& c) { return c; }, "An independent copy.");
}

void BindController(py::module_& m) {
  py::class_<ControllerHandle, std::shared_ptr<ControllerHandle>>(
      m, "Controller",
      "A controller by name: 'wbc' (the cerebellum: estimator, walking, whole-body QP, safety) "
      "or 'posture' (joint PD posture hold). reset() starts a fresh instance, so nothing "
      "carries over between episodes.")
      .def(py::init([](const py::object& robot, const std::string& name) {
             return std::make_shared<ControllerHandle>(SpecOf(robot), name);
           }),
           py::arg("robot"), py::arg("name") = "wbc",
           "A controller for `robot` (a RobotSpec or a robot name).")
      .def_property_readonly("name", &ControllerHandle::name, "The controller's name.")
      .def_property_readonly(
          "spec", [](const ControllerHandle& c) { return Mutable(c.spec()); },
          "The robot it controls.")
      .def("reset", &ControllerHandle::Reset, py::arg("state"),
           "Starts a fresh controller from the reading `state`.")
      .def(
          "compute",
          [](ControllerHandle& c, const hal::LowState& state) {
            hal::LowCmd cmd;
            cmd.Resize(c.spec()->num_joints());
            c.Compute(state, &cmd);
            return cmd;
          },
          py::arg("state"), "One control tick: the LowCmd for the reading `state`.")
      .def(
          "set_velocity_command",
          [](ControllerHandle& c, double vx_mps, double vy_mps, double wz_radps) {
            for (double v : {vx_mps, vy_mps, wz_radps}) {
              if (!std::isfinite(v)) throw InputError("velocity command: expected finite numbers");
            }
            c.Humanoid("set_velocity_command").SetVelocityCommand({vx_mps, vy_mps, wz_radps});
          },
          py::arg("vx_mps"), py::arg("vy_mps") = 0.0, py::arg("wz_radps") = 0.0,
          "Walk at this velocity (m/s, m/s, rad/s in the heading frame) from the next tick on; "
          "all zero stops walking. Limits clamp it (counted in status). 'wbc' only.")
      .def(
          "emergency_stop",
          [](ControllerHandle& c, std::optional<int> category) {
            c.Humanoid("emergency_stop", true).RequestEmergencyStop(StopCategoryOf(category));
          },
          py::arg("category") = py::none(),
          "Emergency stop at the next tick: category 1 stops, lowers to rest and damps; 2 stops "
          "and holds. Default: robot.yaml's estop.category. 'wbc' only.")
      .def(
          "set_hand_position_target",
          [](ControllerHandle& c, int hand, std::array<double, 3> position_m) {
            for (double v : position_m) {
              if (!std::isfinite(v)) throw InputError("hand target: expected finite numbers");
            }
            const Eigen::Vector3d p(position_m[0], position_m[1], position_m[2]);
            if (!c.Humanoid("set_hand_position_target").SetHandPositionTarget(hand, p)) {
              throw InputError("hand " + std::to_string(hand) + ": robot " + c.spec()->name +
                               " has " + std::to_string(c.spec()->hands.size()) + " hand(s)");
            }
          },
          py::arg("hand"), py::arg("position_m"),
          "Moves the palm of hand `hand` (index into RobotSpec.hands) to `position_m` (world "
          "frame, m) while standing or walking, its orientation free; until cleared or reset. "
          "'wbc' only.")
      .def(
          "clear_hand_target",
          [](ControllerHandle& c, int hand) {
            c.Humanoid("clear_hand_target").ClearHandTarget(hand);
          },
          py::arg("hand"), "Hand `hand` back to the posture task. 'wbc' only.")
      .def(
          "set_gaze_target",
          [](ControllerHandle& c, std::array<double, 3> point_m) {
            const Eigen::Vector3d p(point_m[0], point_m[1], point_m[2]);
            if (!p.allFinite()) throw InputError("gaze target: expected finite numbers");
            if (!c.Humanoid("set_gaze_target").SetGazeTarget(p)) {
              throw InputError("gaze target: robot " + c.spec()->name + " has no head camera");
            }
          },
          py::arg("point_m"),
          "Points the head camera at `point_m` (world frame, m) until cleared or reset. 'wbc' "
          "only.")
      .def(
          "clear_gaze_target",
          [](ControllerHandle& c) { c.Humanoid("clear_gaze_target").ClearGazeTarget(); },
          "The head back to the posture task. 'wbc' only.")
      .def_property_readonly(
          "status", [](ControllerHandle& c) { return StatusDict(c.impl().status()); },
          "Status and counters: mode, fall_detected_time_s, estop_time_s, ... (a dict).")
      .def_property_readonly(
          "fallen", [](ControllerHandle& c) { return c.impl().status().fall_detected_time_s >= 0; },
          "True once the controller has detected a fall (from its own sensors).")
      .def_property_readonly(
          "estimate",
          [](ControllerHandle& c) -> py::object {
            const control::RobotState* e = c.impl().estimate();
            if (e == nullptr) return py::none();
            py::dict d;
            d["time_s"] = e->time_s;
            d["base_position_m"] = ArrayCopy(std::array<double, 3>{
                e->base_position_m.x(), e->base_position_m.y(), e->base_position_m.z()});
            d["base_orientation_wxyz"] =
                ArrayCopy(std::array<double, 4>{e->base_orientation.w(), e->base_orientation.x(),
                                                e->base_orientation.y(), e->base_orientation.z()});
            d["base_linear_velocity_mps"] = ArrayCopy(std::array<double, 3>{
                e->base_linear_velocity_mps.x(), e->base_linear_velocity_mps.y(),
                e->base_linear_velocity_mps.z()});
            d["base_angular_velocity_radps"] = ArrayCopy(std::array<double, 3>{
                e->base_angular_velocity_radps.x(), e->base_angular_velocity_radps.y(),
                e->base_angular_velocity_radps.z()});
            return d;
          },
          "The controller's own state estimate (base pose in the world frame, linear velocity "
          "in the world frame, angular velocity in the base frame) as a dict of copies, or None "
          "for a controller that keeps none ('posture').")
      .def_property_readonly(
          "mode", [](ControllerHandle& c) { return std::string(c.impl().status().mode); },
          "The controller's mode, e.g. 'standing', 'walking', 'damping'.");
}

void BindWorld(py::module_& m) {
  py::class_<WorldRef>(m, "_WorldRef", "Keeps one episode's world alive under numpy views.");
  py::class_<sim::GroundTruth>(m, "GroundTruth",
                               "Simulator ground truth (for rewards and tests, never controllers).")
      .def_readonly("time_s", &sim::GroundTruth::time_s, "Simulated time (s).")
      .def_property_readonly(
          "base_position_m", [](const sim::GroundTruth& t) { return ArrayCopy(t.base_position_m); },
          "Base position, world frame (m).")
      .def_property_readonly(
          "base_orientation_wxyz",
          [](const sim::GroundTruth& t) { return ArrayCopy(t.base_orientation_wxyz); },
          "Base orientation, world <- base quaternion (w, x, y, z).")
      .def_property_readonly(
          "base_linear_velocity_mps",
          [](const sim::GroundTruth& t) { return ArrayCopy(t.base_linear_velocity_mps); },
          "Base linear velocity, world frame (m/s).")
      .def_property_readonly(
          "base_angular_velocity_radps",
          [](const sim::GroundTruth& t) { return ArrayCopy(t.base_angular_velocity_radps); },
          "Base angular velocity, base frame (rad/s).")
      .def_property_readonly(
          "com_m", [](const sim::GroundTruth& t) { return ArrayCopy(t.com_m); },
          "Robot centre of mass, world frame (m).")
      .def_readonly("tilt_rad", &sim::GroundTruth::tilt_rad,
                    "Angle between the base's z axis and the world's z axis (rad).")
      .def_readonly("energy_J", &sim::GroundTruth::energy_J,
                    "Electrical energy drawn by the actuators since reset (J).")
      .def_readonly("power_W", &sim::GroundTruth::power_W, "Electrical power of the last step.");

  py::class_<WorldHandle, std::shared_ptr<WorldHandle>>(
      m, "World",
      "One robot in one scene, stepped by MuJoCo at 1 kHz behind the simulated HAL port "
      "(command validation, driver latency, actuator and sensor models). Deterministic for a "
      "seed: reset(seed=s) replays the same episode. With a controller attached each physics "
      "step is one control tick.")
      .def(py::init([](const py::object& robot, const std::string& scene, std::uint64_t seed,
                       bool sensor_noise, bool component_models, double timestep_s,
                       const py::object& controller) {
             sim::WorldOptions options;
             options.seed = seed;
             options.sensor_noise = sensor_noise;
             options.component_models = component_models;
             options.timestep_s = timestep_s;
             auto spec = SpecOf(robot);
             auto world = std::make_shared<WorldHandle>(spec, scene, options);
             if (py::isinstance<py::str>(controller)) {
               world->Attach(
                   std::make_shared<ControllerHandle>(spec, controller.cast<std::string>()));
             } else if (!controller.is_none()) {
               world->Attach(controller.cast<std::shared_ptr<ControllerHandle>>());
             }
             return world;
           }),
           py::arg("robot"), py::arg("scene") = "flat", py::arg("seed") = 0,
           py::arg("sensor_noise") = true, py::arg("component_models") = true,
           py::arg("timestep_s") = 0.001, py::arg("controller") = py::none(),
           "`robot`: a RobotSpec or a robot name/path; `scene`: a scene name (see scenes()) or "
           "an MJCF path; `controller`: None, a controller name ('wbc', 'posture') or a "
           "Controller. Raises InputError on a bad robot, scene or option.")
      .def_property_readonly(
          "spec", [](const WorldHandle& w) { return Mutable(w.spec_ptr()); },
          "The robot (RobotSpec).")
      .def_property_readonly("scene", &WorldHandle::scene_name, "The scene name or path.")
      .def_property_readonly("seed", &WorldHandle::seed, "The seed of the current episode.")
      .def_property_readonly(
          "controller", [](const WorldHandle& w) { return w.controller(); },
          "The attached Controller, or None.")
      .def("attach", &WorldHandle::Attach, py::arg("controller"),
           "Attaches a Controller (None detaches it); it restarts from the current reading.")
      .def(
          "reset",
          [](WorldHandle& w, std::optional<std::uint64_t> seed) {
            py::gil_scoped_release release;
            w.Reset(seed);
          },
          py::arg("seed") = py::none(),
          "Back to the start: nominal posture on the ground at the origin, drives damping, no "
          "pushes, the controller restarted. Without `seed` the world is reset in place and the "
          "sensor noise continues its sequence; with one the world is rebuilt with that seed "
          "(about 0.5 s for TM-1, skipped for the current seed before any step), so the episode "
          "replays exactly.")
      .def(
          "step",
          [](WorldHandle& w, int steps, const std::optional<Array>& q_offset_rad) {
            const double* offset =
                q_offset_rad ? JointArray(*q_offset_rad, w.spec(), "q_offset_rad") : nullptr;
            if (offset != nullptr && !w.controller()) {
              throw InputError("q_offset_rad: needs a controller attached");
            }
            py::gil_scoped_release release;
            w.Step(steps, offset);
          },
          py::arg("steps") = 1, py::arg("q_offset_rad") = py::none(),
          "Advances `steps` physics steps (1 ms each). With a controller each step is a control "
          "tick, and `q_offset_rad` (one value per joint) is added to its position targets. "
          "Without one, the last command set is applied (the drives damp before any).")
      .def("set_command", &WorldHandle::SetCommand, py::arg("cmd"),
           "Sends `cmd` (a LowCmd) each tick from now on while no controller is attached. "
           "Raises InputError with the port's reason when the command is invalid.")
      .def(
          "set_pd_targets",
          [](WorldHandle& w, const Array& q_des_rad, const std::optional<Array>& kp,
             const std::optional<Array>& kd) {
            w.SetPdTargets(JointArray(q_des_rad, w.spec(), "q_des_rad"),
                           kp ? JointArray(*kp, w.spec(), "kp_Nm_per_rad") : nullptr,
                           kd ? JointArray(*kd, w.spec(), "kd_Nms_per_rad") : nullptr);
          },
          py::arg("q_des_rad"), py::arg("kp_Nm_per_rad") = py::none(),
          py::arg("kd_Nms_per_rad") = py::none(),
          "Joint PD to `q_des_rad` (clipped to the joint ranges), robot.yaml gains unless given; "
          "applied each tick while no controller is attached.")
      .def("set_torque_off", &WorldHandle::SetTorqueOff,
           "Zero torque on every joint from now on (while no controller is attached).")
      .def_property_readonly(
          "state",
          [](const py::object& self) -> const hal::LowState& {
            return self.cast<WorldHandle&>().state();
          },
          py::return_value_policy::reference_internal,
          "The latest sensor reading (LowState, updated in place by step()).")
      .def_property_readonly(
          "command",
          [](const py::object& self) -> const hal::LowCmd& {
            return self.cast<WorldHandle&>().command();
          },
          py::return_value_policy::reference_internal, "The command last sent (LowCmd).")
      .def_property_readonly(
          "time_s", [](const WorldHandle& w) { return w.world()->time_s(); },
          "Simulated time since reset (s).")
      .def_property_readonly(
          "qpos",
          [](const WorldHandle& w) {
            const auto& world = w.world();
            return WorldView(world, world->data()->qpos, world->model()->nq);
          },
          "MuJoCo qpos (free base position and wxyz quaternion, then joints): a read-only view "
          "of the live state, no copy.")
      .def_property_readonly(
          "qvel",
          [](const WorldHandle& w) {
            const auto& world = w.world();
            return WorldView(world, world->data()->qvel, world->model()->nv);
          },
          "MuJoCo qvel (base linear velocity in the world frame, angular in the base frame, "
          "then joints): a read-only view of the live state, no copy.")
      .def(
          "site_position_m",
          [](const WorldHandle& w, const std::string& name) {
            const mjModel* m = w.world()->model();
            const int id = mj_name2id(m, mjOBJ_SITE, name.c_str());
            if (id < 0) throw InputError("site '" + name + "': no such site in the robot or scene");
            const double* p = w.world()->data()->site_xpos + 3 * static_cast<std::ptrdiff_t>(id);
            return ArrayCopy(std::array<double, 3>{p[0], p[1], p[2]});
          },
          py::arg("name"), "Ground-truth position of MJCF site `name`, world frame (m).")
      .def(
          "body_position_m",
          [](const WorldHandle& w, const std::string& name) {
            const mjModel* m = w.world()->model();
            const int id = mj_name2id(m, mjOBJ_BODY, name.c_str());
            if (id < 0) throw InputError("body '" + name + "': no such body in the robot or scene");
            const double* p = w.world()->data()->xpos + 3 * static_cast<std::ptrdiff_t>(id);
            return ArrayCopy(std::array<double, 3>{p[0], p[1], p[2]});
          },
          py::arg("name"), "Ground-truth position of MJCF body `name`'s frame, world frame (m).")
      .def(
          "truth", [](const WorldHandle& w) { return w.world()->Truth(); },
          "Ground truth now (GroundTruth).")
      .def_property_readonly(
          "fallen", [](const WorldHandle& w) { return w.world()->Fallen(); },
          "True when the robot has fallen (ground truth): base tilted beyond 45°, dropped "
          "below a quarter of its standing height, or torso, arms or head on the ground.")
      .def(
          "push",
          [](WorldHandle& w, std::array<double, 3> force_N, double duration_s,
             const std::string& body, std::optional<double> start_s,
             std::array<double, 3> torque_Nm) {
            sim::Perturbation p;
            p.start_s = start_s.value_or(w.world()->time_s());
            p.duration_s = duration_s;
            p.body = body;
            p.force_N = force_N;
            p.torque_Nm = torque_Nm;
            for (double v : {force_N[0], force_N[1], force_N[2], torque_Nm[0], torque_Nm[1],
                             torque_Nm[2], duration_s, p.start_s}) {
              if (!std::isfinite(v)) throw InputError("push: expected finite numbers");
            }
            if (!(duration_s > 0)) throw InputError("push: dur: expected a number > 0");
            w.AddPush(p);
          },
          py::arg("force_N"), py::arg("duration_s") = 0.1, py::arg("body") = "base",
          py::arg("start_s") = py::none(), py::arg("torque_Nm") = std::array<double, 3>{},
          "Applies `force_N` (world frame, at the body's CoM) for `duration_s` from `start_s` "
          "(default: now). `body` 'base' means the robot's base. Raises InputError for an unknown "
          "body.")
      .def(
          "add_perturbation",
          [](WorldHandle& w, const std::string& text) { w.AddPush(sim::ParsePerturbation(text)); },
          py::arg("spec"),
          "Schedules a push written as on the command line: "
          "'t=T,body=NAME,f=FX,FY,FZ[,tau=TX,TY,TZ][,dur=D]' or with impulse=IX,IY,IZ.")
      .def_property_readonly(
          "port_stats",
          [](const WorldHandle& w) {
            const hal::PortStats& s = w.port_stats();
            py::dict d;
            d["accepted_commands"] = s.accepted_commands;
            d["rejected_commands"] = s.rejected_commands;
            d["watchdog_trips"] = s.watchdog_trips;
            d["last_rejection"] = s.last_rejection;
            return d;
          },
          "Counters of the simulated port: accepted/rejected commands, watchdog trips.");
}

}  // namespace
}  // namespace tianmu::python

PYBIND11_MODULE(_tianmu, m) {
  m.doc() =
      "Tianmu C++ core: robots, the simulated world behind the HAL port, LowState/LowCmd and "
      "the controllers. Use the `tianmu` package, which re-exports these.";
  py::register_exception<tianmu::InputError>(m, "InputError", PyExc_ValueError);
  py::register_exception<tianmu::RuntimeError>(m, "Error", PyExc_RuntimeError);
  tianmu::python::BindModel(m);
  tianmu::python::BindHal(m);
  tianmu::python::BindController(m);
  tianmu::python::BindWorld(m);
}
