#include "tianmu/bringup/robot_init.h"

#include <mujoco/mujoco.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tianmu/core/error.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/model/urdf_model.h"

namespace tianmu::bringup {
namespace fs = std::filesystem;
namespace {

constexpr double kGravity_mps2 = 9.81;
// A foot's lowest point lies within this of the robot's lowest point in the default pose.
constexpr double kFootHeightTolerance_m = 0.03;
// A sole site lies within this of the foot geometry's lowest face.
constexpr double kSoleSiteTolerance_m = 0.005;
// Bodies further than this from the base's x-z plane are on one side.
constexpr double kSideOffset_m = 0.01;
// Starting gains: full peak torque at this posture error; damping ratio kp / kd in seconds.
constexpr double kFullTorqueError_rad = 0.4;
constexpr double kStiffnessOverDamping_s = 50;
// Leg joints must hold the whole robot on one leg with the leg this far off vertical.
constexpr double kLegLeanAngle_rad = 0.35;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Num(double v) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.4g", v);
  return text;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The kinematic tree of a compiled model, with the default pose's world positions.
class ModelTree {
 public:
  ModelTree(const mjModel* m, const std::string& label) : m_(m), label_(label) {
    d_ = model::MakeData(m);
    mj_kinematics(m, d_.get());
    children_.resize(m->nbody);
    for (int b = 1; b < m->nbody; ++b) children_[m->body_parentid[b]].push_back(b);
  }

  const mjModel* m() const { return m_; }
  const mjData* d() const { return d_.get(); }
  const std::string& label() const { return label_; }
  const std::vector<int>& Children(int b) const { return children_[b]; }

  std::string Name(mjtObj type, int id) const {
    const char* n = mj_id2name(m_, type, id);
    return n ? n : "";
  }
  std::string BodyName(int b) const { return Name(mjOBJ_BODY, b); }
  std::string JointName(int j) const { return Name(mjOBJ_JOINT, j); }

  bool IsAncestor(int ancestor, int b) const {
    for (; b > 0; b = m_->body_parentid[b]) {
      if (b == ancestor) return true;
    }
    return ancestor == 0;
  }

  // Bodies of the subtree rooted at `b` (itself first), depth first.
  std::vector<int> Subtree(int b) const {
    std::vector<int> out = {b};
    for (int c : children_[b]) {
      for (int x : Subtree(c)) out.push_back(x);
    }
    return out;
  }

  // Non-free joints of `b`.
  std::vector<int> BodyJoints(int b) const {
    std::vector<int> out;
    for (int j = m_->body_jntadr[b]; j >= 0 && j < m_->body_jntadr[b] + m_->body_jntnum[b]; ++j) {
      if (m_->jnt_type[j] != mjJNT_FREE) out.push_back(j);
    }
    return out;
  }

  std::vector<int> SubtreeJoints(int b) const {
    std::vector<int> out;
    for (int x : Subtree(b)) {
      for (int j : BodyJoints(x)) out.push_back(j);
    }
    return out;
  }

  // Joints on the path from `from` (exclusive) down to `to` (inclusive), root first.
  std::vector<int> PathJoints(int from, int to) const {
    std::vector<int> bodies;
    for (int b = to; b > 0 && b != from; b = m_->body_parentid[b]) bodies.push_back(b);
    std::vector<int> out;
    for (auto it = bodies.rbegin(); it != bodies.rend(); ++it) {
      for (int j : BodyJoints(*it)) out.push_back(j);
    }
    return out;
  }

  // The actuator driving joint `j` directly, or -1.
  int ActuatorOf(int j) const {
    for (int a = 0; a < m_->nu; ++a) {
      if (m_->actuator_trntype[a] == mjTRN_JOINT && m_->actuator_trnid[2 * a] == j) return a;
    }
    return -1;
  }

  // Half-extents of a geom's axis-aligned box in its own frame.
  std::array<double, 3> GeomHalfSize(int g) const {
    const double* s = m_->geom_size + 3 * g;
    switch (m_->geom_type[g]) {
      case mjGEOM_BOX:
        return {s[0], s[1], s[2]};
      case mjGEOM_SPHERE:
        return {s[0], s[0], s[0]};
      case mjGEOM_CAPSULE:
        return {s[0], s[0], s[1] + s[0]};
      case mjGEOM_CYLINDER:
        return {s[0], s[0], s[1]};
      case mjGEOM_ELLIPSOID:
        return {s[0], s[1], s[2]};
      default: {
        const double r = m_->geom_rbound[g];
        return {r, r, r};
      }
    }
  }

  // Lowest world z of the body's geoms in the default pose (its origin without geoms).
  double LowestZ(int b) const {
    double low = d_->xpos[3 * b + 2];
    bool any = false;
    for (int g = 0; g < m_->ngeom; ++g) {
      if (m_->geom_bodyid[g] != b) continue;
      const std::array<double, 3> h = GeomHalfSize(g);
      const double* R = d_->geom_xmat + 9 * g;
      const double extent = std::abs(R[6]) * h[0] + std::abs(R[7]) * h[1] + std::abs(R[8]) * h[2];
      const double z = d_->geom_xpos[3 * g + 2] - extent;
      low = any ? std::min(low, z) : z;
      any = true;
    }
    return low;
  }

  // Axis-aligned bounds of the body's geoms in the body's own frame; false without geoms.
  bool BodyBounds(int b, std::array<double, 3>* lo, std::array<double, 3>* hi) const {
    bool any = false;
    for (int g = 0; g < m_->ngeom; ++g) {
      if (m_->geom_bodyid[g] != b) continue;
      double R[9];
      mju_quat2Mat(R, m_->geom_quat + 4 * g);
      const std::array<double, 3> h = GeomHalfSize(g);
      for (int k = 0; k < 3; ++k) {
        const double extent = std::abs(R[3 * k]) * h[0] + std::abs(R[3 * k + 1]) * h[1] +
                              std::abs(R[3 * k + 2]) * h[2];
        const double c = m_->geom_pos[3 * g + k];
        (*lo)[k] = any ? std::min((*lo)[k], c - extent) : c - extent;
        (*hi)[k] = any ? std::max((*hi)[k], c + extent) : c + extent;
      }
      any = true;
    }
    return any;
  }

  // Mass of a subtree and the distance from body `b`'s origin to the subtree's CoM.
  void SubtreeLoad(int b, double* mass_kg, double* lever_m) const {
    double mass = 0, com[3] = {0, 0, 0};
    for (int x : Subtree(b)) {
      mass += m_->body_mass[x];
      for (int k = 0; k < 3; ++k) com[k] += m_->body_mass[x] * d_->xipos[3 * x + k];
    }
    *mass_kg = mass;
    *lever_m = 0;
    if (mass <= 0) return;
    double r2 = 0;
    for (int k = 0; k < 3; ++k) {
      const double r = com[k] / mass - d_->xpos[3 * b + k];
      r2 += r * r;
    }
    *lever_m = std::sqrt(r2);
  }

 private:
  const mjModel* m_;
  std::string label_;
  model::MjDataPtr d_;
  std::vector<std::vector<int>> children_;
};

// "left", "right" or "" from a name: l_/left/L prefixes, _l/_left suffixes, left anywhere.
std::string SideFromName(const std::string& raw) {
  const std::string n = Lower(raw);
  auto has = [&n](const char* word) { return n.find(word) != std::string::npos; };
  if (has("left")) return "left";
  if (has("right")) return "right";
  auto token = [&n](char c) {
    const std::string s(1, c);
    return n.rfind(s + "_", 0) == 0 || n.find("_" + s + "_") != std::string::npos ||
           (n.size() > 2 && n.compare(n.size() - 2, 2, "_" + s) == 0);
  };
  if (token('l')) return "left";
  if (token('r')) return "right";
  // CamelCase "LFoot" / "RHip".
  if (raw.size() > 1 && (raw[0] == 'L' || raw[0] == 'R') && std::isupper(raw[1])) {
    return raw[0] == 'L' ? "left" : "right";
  }
  return "";
}

bool HandLike(const std::string& name) {
  const std::string n = Lower(name);
  for (const char* word : {"hand", "finger", "palm", "wrist", "arm", "gripper", "thumb"}) {
    if (n.find(word) != std::string::npos) return true;
  }
  return false;
}

class Inspector {
 public:
  Inspector(const ModelTree& tree, RobotDraft* draft, const actuators::ComponentLibrary& components)
      : t_(tree), m_(tree.m()), draft_(draft), components_(components) {}

  void Run() {
    FindBase();
    FindFeet();
    FindUpperBody();
    FindImu();
    FindFootSensors();
    CollectSensorsAndCameras();
    ChooseComponents();
    ChoosePosture();
    ListUnaccounted();
  }

 private:
  [[noreturn]] void Fail(const std::string& message) const {
    throw InputError(draft_->model.string(), 0, "", message);
  }

  std::string Side(int b) const {
    const std::string by_name = SideFromName(t_.BodyName(b));
    if (!by_name.empty()) return by_name;
    const double y = t_.d()->xpos[3 * b + 1] - t_.d()->xpos[3 * base_ + 1];
    if (y > kSideOffset_m) return "left";
    if (y < -kSideOffset_m) return "right";
    return "";
  }

  bool Actuated(int j) const { return draft_->urdf || t_.ActuatorOf(j) >= 0; }

  void FindBase() {
    std::vector<int> free_bodies;
    for (int j = 0; j < m_->njnt; ++j) {
      if (m_->jnt_type[j] == mjJNT_FREE) free_bodies.push_back(m_->jnt_bodyid[j]);
    }
    if (draft_->urdf) {
      const std::vector<int>& roots = t_.Children(0);
      if (roots.size() != 1) {
        Fail("no floating base: expected one root link, found " + std::to_string(roots.size()));
      }
      base_ = roots[0];
      draft_->base_reason = "the URDF's root link; urdf.free_joint makes it the floating base";
    } else {
      if (free_bodies.empty()) {
        Fail(
            "no floating base: no body has a free joint (expected <freejoint/> on the pelvis "
            "or base body of a humanoid)");
      }
      if (free_bodies.size() > 1) {
        Fail("several free joints (bodies " + t_.BodyName(free_bodies[0]) + ", " +
             t_.BodyName(free_bodies[1]) + "; expected one, on the robot's base body)");
      }
      base_ = free_bodies[0];
      draft_->base_reason = "owns the model's free joint";
    }
    draft_->base_body = t_.BodyName(base_);
  }

  void FindFeet() {
    std::vector<int> leaves;
    double lowest = std::numeric_limits<double>::infinity();
    for (int b : t_.Subtree(base_)) {
      lowest = std::min(lowest, t_.LowestZ(b));
      if (t_.Children(b).empty() && b != base_) leaves.push_back(b);
    }
    std::map<std::string, int> best;  // side -> leaf
    std::vector<std::string> rejected;
    for (int leaf : leaves) {
      const double z = t_.LowestZ(leaf);
      const std::string name = t_.BodyName(leaf);
      if (z > lowest + kFootHeightTolerance_m || HandLike(name) ||
          t_.PathJoints(base_, leaf).empty()) {
        continue;
      }
      const std::string side = Side(leaf);
      if (side.empty()) {
        rejected.push_back(name + " (on neither side)");
        continue;
      }
      if (!best.count(side) || z < t_.LowestZ(best[side])) best[side] = leaf;
    }
    if (best.size() != 2) {
      std::string found;
      for (const auto& [side, b] : best)
        found += (found.empty() ? "" : ", ") + side + " " + t_.BodyName(b);
      for (const std::string& r : rejected) found += (found.empty() ? "" : ", ") + r;
      Fail("no feet found: expected two lowest end bodies of jointed chains below '" +
           draft_->base_body +
           "', one on each side, not hands (found: " + (found.empty() ? "none" : found) + ")");
    }
    const char* sides[2] = {"left", "right"};
    for (int i = 0; i < 2; ++i) {
      feet_[i] = best[sides[i]];
      DraftFoot& foot = draft_->feet[i];
      foot.body = t_.BodyName(feet_[i]);
      foot.reason = "lowest end body on the " + std::string(sides[i]) + " (" +
                    (SideFromName(foot.body).empty() ? "y of the default pose" : "its name") + ")";
      FindSole(feet_[i], &foot);
      AddGroup(std::string(sides[i]) + "_leg", t_.PathJoints(base_, feet_[i]),
               "joints from " + draft_->base_body + " down to " + foot.body);
    }
  }

  void FindSole(int foot_body, DraftFoot* foot) {
    std::array<double, 3> lo{}, hi{};
    if (!t_.BodyBounds(foot_body, &lo, &hi)) {
      draft_->todos.push_back("feet." + foot->body +
                              ": the foot body has no geometry; give it a box sole and a sole "
                              "site, and set sole_length_m/sole_width_m");
      foot->sole_length_m = 0.2;
      foot->sole_width_m = 0.1;
      return;
    }
    foot->sole_length_m = hi[0] - lo[0];
    foot->sole_width_m = hi[1] - lo[1];
    foot->sole_pos_m = {0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1]), lo[2]};
    int best = -1;
    double best_distance = 0;
    for (int s = 0; s < m_->nsite; ++s) {
      if (m_->site_bodyid[s] != foot_body) continue;
      const double* p = m_->site_pos + 3 * s;
      if (std::abs(p[2] - lo[2]) > kSoleSiteTolerance_m) continue;
      const double distance = std::hypot(p[0] - foot->sole_pos_m[0], p[1] - foot->sole_pos_m[1]);
      if (best < 0 || distance < best_distance) {
        best = s;
        best_distance = distance;
      }
    }
    if (best >= 0) {
      foot->sole_site = t_.Name(mjOBJ_SITE, best);
      foot->reason += "; sole site on the lowest face of its geometry";
    } else if (draft_->urdf) {
      foot->sole_site = foot->body + "_sole";
      foot->sole_site_added = true;
      foot->reason += "; sole site added at the centre of its geometry's lowest face";
    } else {
      draft_->todos.push_back("feet: add a site at the centre of " + foot->body +
                              "'s sole (x forward, z up) and name it in sole_site");
    }
  }

  void AddGroup(const std::string& name, std::vector<int> joints, const std::string& reason) {
    std::vector<int> actuated;
    for (int j : joints) {
      if (Actuated(j)) {
        actuated.push_back(j);
      } else {
        draft_->passive_joints.push_back(t_.JointName(j));
      }
      accounted_.insert(j);
    }
    if (actuated.empty()) return;
    // Actuator order when every joint has one (the model author's order), else tree order.
    if (!draft_->urdf) {
      std::stable_sort(actuated.begin(), actuated.end(),
                       [this](int a, int b) { return t_.ActuatorOf(a) < t_.ActuatorOf(b); });
    }
    DraftGroup group;
    group.name = name;
    for (int j : actuated) group.joints.push_back(t_.JointName(j));
    group.reason = reason;
    group_joints_[name] = actuated;
    draft_->groups.push_back(group);
  }

  void FindUpperBody() {
    std::vector<int> upper;
    for (int c : t_.Children(base_)) {
      if (!t_.IsAncestor(c, feet_[0]) && !t_.IsAncestor(c, feet_[1]) &&
          !t_.SubtreeJoints(c).empty()) {
        upper.push_back(c);
      }
    }
    int branch = base_;
    if (upper.size() == 1) {
      // Walk up the trunk while it does not branch: its joints are the waist.
      int b = upper[0];
      while (true) {
        std::vector<int> jointed;
        for (int c : t_.Children(b)) {
          if (!t_.SubtreeJoints(c).empty()) jointed.push_back(c);
        }
        if (jointed.size() != 1) break;
        b = jointed[0];
      }
      branch = b;
      AddGroup("waist", t_.PathJoints(base_, branch),
               "joints between " + draft_->base_body + " and " + t_.BodyName(branch) +
                   ", where the upper body branches");
      upper.clear();
      for (int c : t_.Children(branch)) {
        if (!t_.SubtreeJoints(c).empty()) upper.push_back(c);
      }
    }
    std::vector<std::pair<std::string, int>> arms;
    for (int limb : upper) {
      const std::string side = Side(limb);
      if (side.empty()) {
        const int camera_count = CountCameras(limb);
        AddGroup("head", t_.SubtreeJoints(limb),
                 "central branch of " + t_.BodyName(branch) +
                     (camera_count > 0 ? " carrying a camera" : ""));
      } else {
        arms.emplace_back(side, limb);
      }
    }
    std::sort(arms.begin(), arms.end());  // "left" before "right"
    for (const auto& [side, limb] : arms) AddArm(side, limb);
    // Keep the documented group order.
    const std::vector<std::string>& order = model::KnownGroupNames();
    std::stable_sort(draft_->groups.begin(), draft_->groups.end(),
                     [&order](const DraftGroup& a, const DraftGroup& b) {
                       return std::find(order.begin(), order.end(), a.name) <
                              std::find(order.begin(), order.end(), b.name);
                     });
  }

  int CountCameras(int root) const {
    int n = 0;
    for (int c = 0; c < m_->ncam; ++c) n += t_.IsAncestor(root, m_->cam_bodyid[c]) ? 1 : 0;
    return n;
  }

  void AddArm(const std::string& side, int limb) {
    // The hand is the first body where the chain branches into jointed fingers.
    int hand = -1;
    for (int b : t_.Subtree(limb)) {
      int jointed = 0;
      for (int c : t_.Children(b)) jointed += t_.SubtreeJoints(c).empty() ? 0 : 1;
      if (jointed >= 2) {
        hand = b;
        break;
      }
    }
    if (hand < 0) {
      AddGroup(side + "_arm", t_.SubtreeJoints(limb),
               "branch of the upper body on the " + side + " (no fingers: no hand group)");
      return;
    }
    std::vector<int> arm = t_.PathJoints(m_->body_parentid[limb], hand);
    AddGroup(side + "_arm", arm,
             "joints from " + t_.BodyName(limb) + " to the hand " + t_.BodyName(hand));
    std::vector<int> fingers;
    for (int c : t_.Children(hand)) {
      for (int j : t_.SubtreeJoints(c)) fingers.push_back(j);
    }
    AddGroup(side + "_hand", fingers, "finger joints below " + t_.BodyName(hand));
    DraftHand out;
    out.side = side;
    out.body = t_.BodyName(hand);
    for (int s = 0; s < m_->nsite; ++s) {
      if (m_->site_bodyid[s] != hand) continue;
      const std::string name = t_.Name(mjOBJ_SITE, s);
      if (Lower(name).find("palm") != std::string::npos && !IsTouchSite(s)) {
        out.palm_site = name;
        break;
      }
    }
    if (out.palm_site.empty()) {
      draft_->todos.push_back("hands." + side + ": add a palm site (grasp frame) to " + out.body +
                              " and name it in palm_site");
    } else {
      draft_->hands.push_back(out);
    }
  }

  bool IsTouchSite(int s) const {
    for (int i = 0; i < m_->nsensor; ++i) {
      if (m_->sensor_type[i] == mjSENS_TOUCH && m_->sensor_objid[i] == s) return true;
    }
    return false;
  }

  // The sensor of `type` attached to site `s`, or -1.
  int SensorOn(mjtSensor type, int s) const {
    for (int i = 0; i < m_->nsensor; ++i) {
      if (m_->sensor_type[i] != type || m_->sensor_objid[i] != s) continue;
      if (type == mjSENS_FRAMEQUAT && m_->sensor_objtype[i] != mjOBJ_SITE) continue;
      return i;
    }
    return -1;
  }

  void FindImu() {
    int best = -1, best_depth = 0;
    for (int s = 0; s < m_->nsite; ++s) {
      const int quat = SensorOn(mjSENS_FRAMEQUAT, s);
      const int gyro = SensorOn(mjSENS_GYRO, s);
      const int acc = SensorOn(mjSENS_ACCELEROMETER, s);
      const int present = (quat >= 0) + (gyro >= 0) + (acc >= 0);
      if (present == 0 || (present == 1 && quat >= 0)) continue;  // a lone framequat is no IMU
      if (present < 3) {
        std::vector<std::string> missing;
        if (quat < 0) missing.push_back("framequat");
        if (gyro < 0) missing.push_back("gyro");
        if (acc < 0) missing.push_back("accelerometer");
        Fail("inconsistent sensors: site '" + t_.Name(mjOBJ_SITE, s) + "' has " +
             (gyro >= 0 ? "a gyro" : "an accelerometer") + " but no " + JoinNames(missing) +
             " (expected framequat, gyro and accelerometer on one IMU site)");
      }
      int depth = 0;
      for (int b = m_->site_bodyid[s]; b > 0 && b != base_; b = m_->body_parentid[b]) ++depth;
      if (best < 0 || depth < best_depth) {
        best = s;
        best_depth = depth;
      }
    }
    DraftImu& imu = draft_->imu;
    if (best >= 0) {
      imu.site = t_.Name(mjOBJ_SITE, best);
      imu.orientation_sensor = t_.Name(mjOBJ_SENSOR, SensorOn(mjSENS_FRAMEQUAT, best));
      imu.gyro_sensor = t_.Name(mjOBJ_SENSOR, SensorOn(mjSENS_GYRO, best));
      imu.accelerometer_sensor = t_.Name(mjOBJ_SENSOR, SensorOn(mjSENS_ACCELEROMETER, best));
      imu.reason = "the site carrying framequat, gyro and accelerometer" +
                   std::string(best_depth == 0 ? ", on the base body" : ", nearest the base");
    } else if (draft_->urdf) {
      imu = {"imu",     "imu_quat", "imu_gyro",
             "imu_acc", true,       "added by urdf: at the origin of " + draft_->base_body};
      draft_->todos.push_back("urdf.sites: move the imu site to where the IMU is mounted on " +
                              draft_->base_body);
    } else {
      imu = {"imu", "imu_quat", "imu_gyro", "imu_acc", false, "no IMU sensors in the model"};
      draft_->todos.push_back("imu: the model has no IMU; add a site on " + draft_->base_body +
                              " with framequat, gyro and accelerometer sensors named as below");
    }
  }

  void FindFootSensors() {
    bool has[2] = {false, false};
    for (int i = 0; i < 2; ++i) {
      // F/T sites sit in the foot body or between it and the last leg joint.
      for (int s = 0; s < m_->nsite; ++s) {
        const int body = m_->site_bodyid[s];
        const std::vector<int>& leg = group_joints_[i == 0 ? "left_leg" : "right_leg"];
        const int last_joint_body = leg.empty() ? base_ : m_->jnt_bodyid[leg.back()];
        if (!t_.IsAncestor(body, feet_[i]) || !t_.IsAncestor(last_joint_body, body)) continue;
        const int force = SensorOn(mjSENS_FORCE, s);
        const int torque = SensorOn(mjSENS_TORQUE, s);
        if (force < 0 && torque < 0) continue;
        if (force < 0 || torque < 0) {
          Fail("inconsistent sensors: site '" + t_.Name(mjOBJ_SITE, s) + "' of foot '" +
               draft_->feet[i].body + "' has a " + (force >= 0 ? "force" : "torque") +
               " sensor but no " + (force >= 0 ? "torque" : "force") +
               " sensor (expected both on one site, or neither)");
        }
        draft_->feet[i].force_sensor = t_.Name(mjOBJ_SENSOR, force);
        draft_->feet[i].torque_sensor = t_.Name(mjOBJ_SENSOR, torque);
        has[i] = true;
        break;
      }
    }
    if (has[0] != has[1]) {
      Fail(std::string("inconsistent sensors: force/torque sensors on the ") +
           (has[0] ? "left" : "right") + " foot only (expected both feet or neither)");
    }
  }

  void CollectSensorsAndCameras() {
    for (int i = 0; i < m_->nsensor; ++i) {
      if (m_->sensor_type[i] == mjSENS_TOUCH) {
        draft_->touch_sensors.push_back(t_.Name(mjOBJ_SENSOR, i));
      }
    }
    for (int c = 0; c < m_->ncam; ++c) {
      const std::string name = t_.Name(mjOBJ_CAMERA, c);
      if (name.empty()) continue;
      draft_->cameras.push_back(name);
      auto head = group_joints_.find("head");
      if (draft_->head_camera.empty() && head != group_joints_.end() &&
          t_.IsAncestor(m_->jnt_bodyid[head->second.front()], m_->cam_bodyid[c])) {
        draft_->head_camera = name;
      }
    }
  }

  // Torque a joint must deliver: the actuator's limit when the model gives one, else a
  // gravity estimate (legs: the whole robot on one leg leaning kLegLeanAngle_rad; other joints:
  // the limb beyond the joint held horizontal).
  double NeededTorqueNm(const std::string& group, int j, bool* from_actuator) const {
    const int a = t_.ActuatorOf(j);
    *from_actuator = false;
    if (a >= 0) {
      const double gear = std::abs(m_->actuator_gear[6 * a]);
      double limit = 0;
      // ctrlrange is a torque only for a plain motor (a servo's ctrl is a position).
      if (m_->actuator_ctrllimited[a] && m_->actuator_biastype[a] == mjBIAS_NONE) {
        limit = gear * std::max(std::abs(m_->actuator_ctrlrange[2 * a]),
                                std::abs(m_->actuator_ctrlrange[2 * a + 1]));
      }
      if (m_->actuator_forcelimited[a]) {
        const double force = std::max(std::abs(m_->actuator_forcerange[2 * a]),
                                      std::abs(m_->actuator_forcerange[2 * a + 1]));
        limit = limit > 0 ? std::min(limit, force) : force;
      }
      if (limit > 0) {
        *from_actuator = true;
        return limit;
      }
    }
    double mass = 0, lever = 0;
    if (group == "left_leg" || group == "right_leg") {
      t_.SubtreeLoad(0, &mass, &lever);  // the whole robot
      const double* joint = t_.d()->xpos + 3 * m_->jnt_bodyid[j];
      const double* foot = t_.d()->xpos + 3 * feet_[group == "left_leg" ? 0 : 1];
      const double leg_length_m = std::abs(joint[2] - foot[2]);
      return mass * kGravity_mps2 * leg_length_m * std::sin(kLegLeanAngle_rad);
    }
    t_.SubtreeLoad(m_->jnt_bodyid[j], &mass, &lever);
    return mass * kGravity_mps2 * lever;
  }

  // The integrated joint with the smallest peak torque >= needed (the strongest if none is).
  std::string ClosestComponent(double needed_Nm) const {
    std::string best, strongest;
    double best_peak = 0, strongest_peak = 0;
    for (const auto& [id, sheet] : components_.joints) {
      const double peak = sheet.PeakTorqueNm();
      if (peak >= needed_Nm && (best.empty() || peak < best_peak)) {
        best = id;
        best_peak = peak;
      }
      if (strongest.empty() || peak > strongest_peak) {
        strongest = id;
        strongest_peak = peak;
      }
    }
    return best.empty() ? strongest : best;
  }

  void ChooseComponents() {
    if (components_.joints.empty()) Fail("no integrated joints in the component library");
    for (DraftGroup& group : draft_->groups) {
      double needed = 0;
      bool all_from_actuator = true;
      for (int j : group_joints_[group.name]) {
        bool from_actuator = false;
        needed = std::max(needed, NeededTorqueNm(group.name, j, &from_actuator));
        all_from_actuator = all_from_actuator && from_actuator;
      }
      group.component = ClosestComponent(needed);
      const double peak = components_.joints.at(group.component).PeakTorqueNm();
      group.kp_Nm_per_rad = std::round(peak / kFullTorqueError_rad);
      group.kd_Nms_per_rad = std::round(100 * group.kp_Nm_per_rad / kStiffnessOverDamping_s) / 100;
      group.reason += "; component: smallest peak torque >= " + Num(needed) + " N·m (" +
                      (all_from_actuator ? "actuator limit" : "gravity estimate") + ")";
      if (!all_from_actuator) {
        draft_->todos.push_back("groups." + group.name + ".component: " + group.component +
                                " is a guess from gravity loads; name your actuator's datasheet");
      }
    }
  }

  void ChoosePosture() {
    if (m_->nkey > 0) {
      const std::string key = t_.Name(mjOBJ_KEY, 0);
      for (const DraftGroup& group : draft_->groups) {
        for (int j : group_joints_[group.name]) {
          const double q = m_->key_qpos[m_->jnt_qposadr[j]];
          if (q != 0) draft_->nominal_posture_rad.emplace_back(t_.JointName(j), q);
        }
      }
      draft_->posture_reason = "from the model's first keyframe '" + key + "'";
    } else {
      draft_->posture_reason = "zero posture: the model has no keyframe";
      draft_->todos.push_back(
          "nominal_posture: the model has no keyframe; bend hips, knees and "
          "ankles so the soles are flat and the CoM is over them");
    }
  }

  void ListUnaccounted() {
    std::vector<std::string> left_over;
    for (int j = 0; j < m_->njnt; ++j) {
      if (m_->jnt_type[j] == mjJNT_FREE || accounted_.count(j)) continue;
      if (!Actuated(j)) {
        draft_->passive_joints.push_back(t_.JointName(j));
      } else {
        left_over.push_back(t_.JointName(j));
      }
    }
    if (!left_over.empty()) {
      draft_->todos.push_back("groups: actuated joints in no group: " + JoinNames(left_over));
    }
  }

  const ModelTree& t_;
  const mjModel* m_;
  RobotDraft* draft_;
  const actuators::ComponentLibrary& components_;
  int base_ = -1;
  int feet_[2] = {-1, -1};
  std::map<std::string, std::vector<int>> group_joints_;
  std::set<int> accounted_;
};

void Line(std::ostringstream& out, const std::string& text, const std::string& comment = "") {
  out << text;
  if (!comment.empty()) out << "  # " << comment;
  out << "\n";
}

std::string Vec(const std::array<double, 3>& v) {
  return "[" + Num(v[0]) + ", " + Num(v[1]) + ", " + Num(v[2]) + "]";
}

std::string List(const std::vector<std::string>& items) { return "[" + JoinNames(items) + "]"; }

}  // namespace

RobotDraft InspectModel(const fs::path& model, const std::string& name,
                        const actuators::ComponentLibrary& components) {
  RobotDraft draft;
  draft.name = name;
  draft.model = fs::absolute(model).lexically_normal();
  const std::string extension = Lower(model.extension().string());
  if (!fs::is_regular_file(model)) {
    throw InputError(model.string(), 0, "", "no such file (expected an MJCF .xml or URDF .urdf)");
  }
  if (extension != ".xml" && extension != ".urdf") {
    throw InputError(model.string(), 0, "",
                     "not a model file (expected an MJCF .xml or a URDF .urdf file)");
  }
  draft.urdf = extension == ".urdf";
  model::MjModelPtr m = draft.urdf ? model::LoadUrdf(model) : model::LoadMjcf(model);
  const ModelTree tree(m.get(), model.filename().string());
  Inspector(tree, &draft, components).Run();
  return draft;
}

std::string DraftYaml(const RobotDraft& d, const fs::path& yaml_dir) {
  std::ostringstream out;
  out << "# Draft robot.yaml written by `tianmu robot init` from " << d.model.filename().string()
      << ".\n# Each guess says why; read every `# TODO:` line, then run `tianmu check-robot` "
         "(docs/bring-your-own-robot.md).\n";
  for (const std::string& todo : d.todos) out << "# TODO: " << todo << "\n";
  Line(out, "name: " + d.name);
  Line(out, "description: \"" + d.name + " (drafted from " + d.model.filename().string() + ")\"");
  // Relative when the model is in the robot's directory (or below), else absolute.
  const fs::path relative = fs::relative(d.model, fs::absolute(yaml_dir));
  const bool climbs = !relative.empty() && *relative.begin() == "..";
  Line(out, "model: " + (climbs || relative.empty() ? d.model : relative).generic_string());
  if (d.urdf) {
    Line(out, "urdf:", "what a URDF cannot hold (docs/robot-yaml.md, URDF models)");
    Line(out, "  free_joint: floating_base");
    Line(out, "  option: {timestep: 0.001}", "Tianmu's controllers tick at 1 kHz");
    Line(out, "  geoms: {contype: 1, conaffinity: 0, condim: 3}",
         "robot touches the scene only, no self-collision");
    Line(out, "  sites:");
    if (d.imu.added) {
      Line(out, "    - {name: " + d.imu.site + ", body: " + d.base_body + ", pos: [0, 0, 0]}",
           "TODO: the IMU's mounting position");
    }
    for (const DraftFoot& foot : d.feet) {
      if (!foot.sole_site_added) continue;
      Line(out,
           "    - {name: " + foot.sole_site + ", body: " + foot.body +
               ", pos: " + Vec(foot.sole_pos_m) + "}",
           "centre of the lowest face of the foot's collision geometry");
    }
    if (d.imu.added) {
      Line(out, "  sensors:");
      Line(out, "    - {type: framequat, name: " + d.imu.orientation_sensor +
                    ", site: " + d.imu.site + "}");
      Line(out, "    - {type: gyro, name: " + d.imu.gyro_sensor + ", site: " + d.imu.site + "}");
      Line(out, "    - {type: accelerometer, name: " + d.imu.accelerometer_sensor +
                    ", site: " + d.imu.site + "}");
    }
  }
  Line(out, "base_body: " + d.base_body, d.base_reason);
  Line(out, "imu:", d.imu.reason);
  Line(out, "  site: " + d.imu.site);
  Line(out, "  orientation_sensor: " + d.imu.orientation_sensor);
  Line(out, "  gyro_sensor: " + d.imu.gyro_sensor);
  Line(out, "  accelerometer_sensor: " + d.imu.accelerometer_sensor);
  Line(out, "feet:");
  const char* sides[2] = {"left", "right"};
  for (int i = 0; i < 2; ++i) {
    const DraftFoot& f = d.feet[i];
    Line(out, std::string("  ") + sides[i] + ":", f.reason);
    Line(out, "    body: " + f.body);
    Line(out, "    sole_site: " + (f.sole_site.empty() ? "TODO_sole_site" : f.sole_site),
         f.sole_site.empty() ? "TODO: add a sole site to the model" : "");
    Line(out, "    sole_length_m: " + Num(f.sole_length_m), "x extent of the foot geometry");
    Line(out, "    sole_width_m: " + Num(f.sole_width_m), "y extent of the foot geometry");
    if (!f.force_sensor.empty()) {
      Line(out, "    force_sensor: " + f.force_sensor, "force/torque pair between ankle and sole");
      Line(out, "    torque_sensor: " + f.torque_sensor);
    }
  }
  if (!d.hands.empty()) {
    Line(out, "hands:", "bodies where the arms branch into fingers");
    for (const DraftHand& h : d.hands) {
      Line(out, "  " + h.side + ": {body: " + h.body + ", palm_site: " + h.palm_site + "}");
    }
  }
  if (!d.head_camera.empty()) Line(out, "head_camera: " + d.head_camera, "camera on the head");
  Line(out, "groups:");
  for (const DraftGroup& g : d.groups) {
    Line(out, "  " + g.name + ":", g.reason);
    Line(out, "    joints: " + List(g.joints));
    Line(out, "    component: " + g.component);
    Line(out, "    kp: " + Num(g.kp_Nm_per_rad),
         "peak torque at " + Num(kFullTorqueError_rad) + " rad error");
    Line(out, "    kd: " + Num(g.kd_Nms_per_rad), "kp / " + Num(kStiffnessOverDamping_s) + " s");
  }
  if (!d.passive_joints.empty()) {
    Line(out, "passive_joints: " + List(d.passive_joints), "joints without an actuator");
  }
  if (d.nominal_posture_rad.empty()) {
    Line(out, "nominal_posture: {}", d.posture_reason);
  } else {
    Line(out, "nominal_posture:", d.posture_reason);
    for (const auto& [joint, q] : d.nominal_posture_rad) Line(out, "  " + joint + ": " + Num(q));
  }
  if (!d.touch_sensors.empty()) {
    Line(out, "touch_sensors: " + List(d.touch_sensors), "every touch sensor, in model order");
  }
  if (!d.cameras.empty()) {
    Line(out, "cameras:", "TODO: each camera's resolution and whether it gives depth");
    for (const std::string& c : d.cameras) {
      Line(out, "  - {name: " + c + ", width_px: 320, height_px: 240, depth: false}");
    }
  }
  return out.str();
}

}  // namespace tianmu::bringup
