#include "tianmu/bringup/robot_init.h"

#include <mujoco/mujoco.h>

#include <Eigen/Dense>
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

using Vec3 = std::array<double, 3>;

constexpr double kGravity_mps2 = 9.81;
// A foot's lowest point lies within this of the robot's lowest point in the default pose.
constexpr double kFootHeightTolerance_m = 0.03;
// The sole is the contact points within this of the foot's lowest point ("the lowest face"):
// small enough to leave out a heel's or toe's rounding, large enough for a mesh's flat bottom.
constexpr double kSoleFaceTolerance_m = 0.003;
// A sole site lies within this of the foot's lowest face.
constexpr double kSoleSiteTolerance_m = 0.005;
// Bodies further than this from the base's x-z plane are on one side.
constexpr double kSideOffset_m = 0.01;
// Starting gains: full peak torque at this posture error; damping ratio kp / kd in seconds.
constexpr double kFullTorqueError_rad = 0.4;
constexpr double kStiffnessOverDamping_s = 50;
// Leg joints must hold the whole robot on one leg with the leg this far off vertical.
constexpr double kLegLeanAngle_rad = 0.35;
// Points sampled on each rim of a cylinder.
constexpr int kCylinderRimPoints = 16;
// Solved standing posture: the knee bend TM-1 and TM-1S stand with.
constexpr double kStandingKneeBend_rad = 0.6;
// The solved posture is accepted when feet, CoM and knees are this close to their targets (m,
// rad): far below anything a controller notices.
constexpr double kPostureTolerance = 1e-5;
constexpr int kPostureIterations = 200;

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

std::string JoinNames(const std::vector<std::string>& names, std::size_t max = 0) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (max > 0 && i == max) return out + ", … (" + std::to_string(names.size()) + " in all)";
    out += (out.empty() ? "" : ", ") + names[i];
  }
  return out;
}

// The kinematic tree of a compiled model, with the default pose's world positions.
class ModelTree {
 public:
  ModelTree(const mjModel* m, const std::string& label) : m_(m), label_(label) {
    d_ = model::MakeData(m);
    mj_kinematics(m, d_.get());
    mj_comPos(m, d_.get());
    children_.resize(m->nbody);
    for (int b = 1; b < m->nbody; ++b) children_[m->body_parentid[b]].push_back(b);
    // A group whose geoms mostly do not collide, in a model where another group's geoms mostly
    // do, holds the visuals (MJCF's usual "visual" and "collision" classes): a colliding geom
    // in it is a visual whose contacts were left on.
    std::map<int, std::array<int, 2>> count;  // group -> {non-colliding, colliding}
    for (int g = 0; g < m->ngeom; ++g) ++count[m->geom_group[g]][Collides(g) ? 1 : 0];
    bool collision_group = false;
    for (const auto& [group, c] : count) collision_group = collision_group || c[1] > c[0];
    for (const auto& [group, c] : count) {
      if (collision_group && c[0] > c[1]) visual_groups_.insert(group);
    }
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

  // Bodies moving rigidly with `b`: up through bodies without joints to the first one with a
  // joint, then down from there through bodies without joints.
  std::vector<int> RigidCluster(int b) const {
    int root = b;
    while (m_->body_jntnum[root] == 0 && m_->body_parentid[root] > 0) {
      root = m_->body_parentid[root];
    }
    std::vector<int> out, stack = {root};
    while (!stack.empty()) {
      const int x = stack.back();
      stack.pop_back();
      out.push_back(x);
      for (int c : children_[x]) {
        if (m_->body_jntnum[c] == 0) stack.push_back(c);
      }
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

  bool Collides(int g) const { return m_->geom_contype[g] != 0 || m_->geom_conaffinity[g] != 0; }
  // A geom that touches the world: colliding, and not a visual left colliding.
  bool IsContactGeom(int g) const {
    return Collides(g) && visual_groups_.count(m_->geom_group[g]) == 0;
  }

  // The geoms of `bodies` that touch the world; when none does, the colliding ones (in a visual
  // group); never the non-colliding. `what` says which rule applied.
  std::vector<int> ContactGeoms(const std::vector<int>& bodies, std::string* what) const {
    std::vector<int> contact, colliding;
    for (int g = 0; g < m_->ngeom; ++g) {
      if (std::find(bodies.begin(), bodies.end(), m_->geom_bodyid[g]) == bodies.end()) continue;
      if (m_->geom_type[g] == mjGEOM_PLANE || m_->geom_type[g] == mjGEOM_HFIELD) continue;
      if (IsContactGeom(g)) contact.push_back(g);
      if (Collides(g)) colliding.push_back(g);
    }
    if (what) {
      *what = !contact.empty()    ? "collision geoms"
              : colliding.empty() ? "no collision geoms"
                                  : "colliding geoms of a visual group";
    }
    return contact.empty() ? colliding : contact;
  }

  // World points of geom `g` in pose `d` that can be its lowest (box corners, the bottoms of
  // spheres and capsule ends, cylinder rims, mesh vertices).
  std::vector<Vec3> GeomPoints(const mjData* d, int g) const {
    const double* p = d->geom_xpos + 3 * g;
    const double* R = d->geom_xmat + 9 * g;
    const double* s = m_->geom_size + 3 * g;
    auto world = [p, R](double x, double y, double z) {
      Vec3 w;
      for (int k = 0; k < 3; ++k) w[k] = p[k] + R[3 * k] * x + R[3 * k + 1] * y + R[3 * k + 2] * z;
      return w;
    };
    std::vector<Vec3> out;
    switch (m_->geom_type[g]) {
      case mjGEOM_BOX:
        for (int c = 0; c < 8; ++c) {
          out.push_back(world(c & 1 ? s[0] : -s[0], c & 2 ? s[1] : -s[1], c & 4 ? s[2] : -s[2]));
        }
        break;
      case mjGEOM_SPHERE:
        out.push_back({p[0], p[1], p[2] - s[0]});
        break;
      case mjGEOM_CAPSULE:
        for (double end : {-s[1], s[1]}) {
          Vec3 c = world(0, 0, end);
          c[2] -= s[0];
          out.push_back(c);
        }
        break;
      case mjGEOM_CYLINDER:
        for (double end : {-s[1], s[1]}) {
          for (int i = 0; i < kCylinderRimPoints; ++i) {
            const double a = 2 * M_PI * i / kCylinderRimPoints;
            out.push_back(world(s[0] * std::cos(a), s[0] * std::sin(a), end));
          }
        }
        break;
      case mjGEOM_ELLIPSOID: {
        // Support point towards -z: local direction u = R^T (0, 0, -1).
        const double u[3] = {-R[6], -R[7], -R[8]};
        double norm = 0;
        for (int k = 0; k < 3; ++k) norm += s[k] * s[k] * u[k] * u[k];
        norm = std::sqrt(norm);
        out.push_back(
            world(s[0] * s[0] * u[0] / norm, s[1] * s[1] * u[1] / norm, s[2] * s[2] * u[2] / norm));
        break;
      }
      case mjGEOM_MESH: {
        const int mesh = m_->geom_dataid[g];
        const float* v = m_->mesh_vert + 3 * m_->mesh_vertadr[mesh];
        for (int i = 0; i < m_->mesh_vertnum[mesh]; ++i) {
          out.push_back(world(v[3 * i], v[3 * i + 1], v[3 * i + 2]));
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  // Lowest world z of the body's contact geometry in the default pose (its other geoms when it
  // has no colliding one, its origin without geoms).
  double LowestZ(int b) const {
    std::vector<int> geoms = ContactGeoms({b}, nullptr);
    if (geoms.empty()) {
      for (int g = 0; g < m_->ngeom; ++g) {
        if (m_->geom_bodyid[g] == b) geoms.push_back(g);
      }
    }
    double low = d_->xpos[3 * b + 2];
    bool any = false;
    for (int g : geoms) {
      for (const Vec3& p : GeomPoints(d_.get(), g)) {
        low = any ? std::min(low, p[2]) : p[2];
        any = true;
      }
    }
    return low;
  }

  // Mass of a subtree and the distance from body `b`'s origin to the subtree's CoM.
  void SubtreeLoad(int b, double* mass_kg, double* lever_m) const {
    *mass_kg = m_->body_subtreemass[b];
    *lever_m = 0;
    if (*mass_kg <= 0) return;
    double r2 = 0;
    for (int k = 0; k < 3; ++k) {
      const double r = d_->subtree_com[3 * b + k] - d_->xpos[3 * b + k];
      r2 += r * r;
    }
    *lever_m = std::sqrt(r2);
  }

  // Mass of `root`'s subtree outside `b`'s subtree, and the distance from `b`'s origin to its
  // CoM: what a joint of `b` carries when `b` hangs below `root` (a waist below the torso).
  void LoadAbove(int root, int b, double* mass_kg, double* lever_m) const {
    const double below = m_->body_subtreemass[b];
    *mass_kg = m_->body_subtreemass[root] - below;
    *lever_m = 0;
    if (*mass_kg <= 0) return;
    double r2 = 0;
    for (int k = 0; k < 3; ++k) {
      const double com = (m_->body_subtreemass[root] * d_->subtree_com[3 * root + k] -
                          below * d_->subtree_com[3 * b + k]) /
                         *mass_kg;
      r2 += (com - d_->xpos[3 * b + k]) * (com - d_->xpos[3 * b + k]);
    }
    *lever_m = std::sqrt(r2);
  }

 private:
  const mjModel* m_;
  std::string label_;
  model::MjDataPtr d_;
  std::vector<std::vector<int>> children_;
  std::set<int> visual_groups_;
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
    SetReferencePosture();
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
      // Several free bodies: the robot is the one carrying the most joints (then the heaviest);
      // the others are helpers (a ball, a target) and stay out of the draft.
      base_ = free_bodies[0];
      for (int b : free_bodies) {
        const std::size_t joints = t_.SubtreeJoints(b).size();
        const std::size_t best = t_.SubtreeJoints(base_).size();
        if (joints > best ||
            (joints == best && m_->body_subtreemass[b] > m_->body_subtreemass[base_])) {
          base_ = b;
        }
      }
      draft_->base_reason = free_bodies.size() == 1
                                ? "owns the model's free joint"
                                : "owns the free joint of the body with the most joints below it";
    }
    draft_->base_body = t_.BodyName(base_);
    // Everything not below the base is not the robot: world-attached bodies, helper free bodies.
    std::vector<std::string> outside;
    for (int b = 1; b < m_->nbody; ++b) {
      if (!t_.IsAncestor(base_, b)) outside.push_back(t_.BodyName(b));
    }
    if (!outside.empty()) {
      draft_->notes.push_back(
          "bodies outside the robot's kinematic tree (not below " + draft_->base_body +
          "), ignored: " + JoinNames(outside, 8) +
          "; check-robot's total mass still counts them: remove them from the model if they "
          "are not part of the scene");
    }
  }

  // The posture the model gives (first keyframe, else its default pose), in which soles and sole
  // sites are measured: a solved standing posture keeps the feet as flat as this one.
  void SetReferencePosture() {
    ref_ = model::MakeData(m_);
    if (m_->nkey > 0) {
      mju_copy(ref_->qpos, m_->key_qpos, m_->nq);
    } else {
      mju_copy(ref_->qpos, m_->qpos0, m_->nq);
    }
    mj_kinematics(m_, ref_.get());
  }

  void FindFeet() {
    std::vector<int> leaves;
    double lowest = std::numeric_limits<double>::infinity();
    for (int b : t_.Subtree(base_)) {
      lowest = std::min(lowest, t_.LowestZ(b));
      if (t_.Children(b).empty() && b != base_) leaves.push_back(b);
    }
    std::map<std::string, int> best;  // side -> foot body
    std::vector<std::string> rejected;
    for (int leaf : leaves) {
      if (t_.PathJoints(base_, leaf).empty()) continue;
      // The foot is the body of the leaf's rigid cluster holding its lowest contact point (the
      // leaf itself when the cluster has no collision geometry): not a frame body below it.
      int foot = leaf;
      double z = t_.LowestZ(leaf);
      bool has_contact = false;
      for (int b : t_.RigidCluster(leaf)) {
        if (b == base_ || t_.ContactGeoms({b}, nullptr).empty()) continue;
        const double bz = t_.LowestZ(b);
        if (!has_contact || bz < z) {
          foot = b;
          z = bz;
          has_contact = true;
        }
      }
      const std::string name = t_.BodyName(foot);
      if (z > lowest + kFootHeightTolerance_m || HandLike(name) || HandLike(t_.BodyName(leaf))) {
        continue;
      }
      const std::string side = Side(foot);
      if (side.empty()) {
        rejected.push_back(name + " (on neither side)");
        continue;
      }
      if (!best.count(side) || z < t_.LowestZ(best[side])) best[side] = foot;
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
    feet_[0] = best["left"];
    feet_[1] = best["right"];
    // Where the two legs' paths from the base part: joints above it are shared by both legs,
    // so they are the waist (a torso base with the waist hanging down to the pelvis).
    hips_ = feet_[0];
    while (!t_.IsAncestor(hips_, feet_[1])) hips_ = m_->body_parentid[hips_];
    if (hips_ != base_) {
      AddGroup("waist", t_.PathJoints(base_, hips_),
               "joints between " + draft_->base_body + " and " + t_.BodyName(hips_) +
                   ", on both legs' paths: the waist, below the base");
    }
    for (int i = 0; i < 2; ++i) {
      DraftFoot& foot = draft_->feet[i];
      foot.body = t_.BodyName(feet_[i]);
      foot.reason = "lowest end body on the " + std::string(sides[i]) + " (" +
                    (SideFromName(foot.body).empty() ? "y of the default pose" : "its name") + ")";
      FindSole(feet_[i], &foot);
      AddGroup(std::string(sides[i]) + "_leg", t_.PathJoints(hips_, feet_[i]),
               "joints from " + t_.BodyName(hips_) + " down to " + foot.body);
    }
  }

  // The foot's lowest face in the reference posture: the contact points within
  // kSoleFaceTolerance_m of its lowest one, measured along the robot's forward axis (the base's
  // x, level) and sideways.
  struct SoleFace {
    bool found = false;
    Vec3 centre_W{};  ///< centre of the face, at its lowest height, world frame
    Vec3 forward_W{}, left_W{};
    double length_m = 0, width_m = 0;
  };

  SoleFace MeasureSole(const std::vector<int>& geoms, const mjData* d) const {
    SoleFace face;
    std::vector<Vec3> points;
    for (int g : geoms) {
      for (const Vec3& p : t_.GeomPoints(d, g)) points.push_back(p);
    }
    if (points.empty()) return face;
    double low = points[0][2];
    for (const Vec3& p : points) low = std::min(low, p[2]);
    const double* R = d->xmat + 9 * base_;
    double heading = std::atan2(R[3], R[0]);  // the base's x axis, level
    face.forward_W = {std::cos(heading), std::sin(heading), 0};
    face.left_W = {-std::sin(heading), std::cos(heading), 0};
    double lo[2] = {0, 0}, hi[2] = {0, 0};
    bool any = false;
    for (const Vec3& p : points) {
      if (p[2] > low + kSoleFaceTolerance_m) continue;
      const double x = p[0] * face.forward_W[0] + p[1] * face.forward_W[1];
      const double y = p[0] * face.left_W[0] + p[1] * face.left_W[1];
      lo[0] = any ? std::min(lo[0], x) : x;
      hi[0] = any ? std::max(hi[0], x) : x;
      lo[1] = any ? std::min(lo[1], y) : y;
      hi[1] = any ? std::max(hi[1], y) : y;
      any = true;
    }
    face.found = true;
    face.length_m = hi[0] - lo[0];
    face.width_m = hi[1] - lo[1];
    const double cx = 0.5 * (lo[0] + hi[0]), cy = 0.5 * (lo[1] + hi[1]);
    for (int k = 0; k < 2; ++k) face.centre_W[k] = cx * face.forward_W[k] + cy * face.left_W[k];
    face.centre_W[2] = low;
    return face;
  }

  void FindSole(int foot_body, DraftFoot* foot) {
    const std::vector<int> cluster = t_.RigidCluster(foot_body);
    std::string what;
    const std::vector<int> geoms = t_.ContactGeoms(cluster, &what);
    const SoleFace face = MeasureSole(geoms, ref_.get());
    const int i = foot == &draft_->feet[0] ? 0 : 1;
    sole_geoms_[i] = geoms;
    if (!face.found) {
      draft_->todos.push_back("feet." + foot->body + ": the foot has no collision geometry (" +
                              what +
                              "); give it a box sole and a sole site, and set "
                              "sole_length_m/sole_width_m");
      foot->sole_length_m = 0.2;
      foot->sole_width_m = 0.1;
      foot->sole_geometry = "no collision geometry: placeholder size";
      return;
    }
    std::vector<std::string> names;
    for (int g : geoms) {
      const std::string n = t_.Name(mjOBJ_GEOM, g);
      names.push_back(n.empty() ? "#" + std::to_string(g) : n);
    }
    foot->sole_geometry = "lowest face of " + what + " " + JoinNames(names, 4);
    if (what != "collision geoms") {
      draft_->todos.push_back("feet." + foot->body + ": sole measured on " + what +
                              "; check sole_length_m/sole_width_m");
    }
    foot->sole_length_m = face.length_m;
    foot->sole_width_m = face.width_m;
    // The face's centre in the foot body's frame (where a URDF's sole site goes).
    const double* p = ref_->xpos + 3 * foot_body;
    const double* R = ref_->xmat + 9 * foot_body;
    for (int k = 0; k < 3; ++k) {
      foot->sole_pos_m[k] = 0;
      for (int r = 0; r < 3; ++r) foot->sole_pos_m[k] += R[3 * r + k] * (face.centre_W[r] - p[r]);
    }
    // A site of the foot (or a body welded to it) on the lowest face, nearest its centre.
    int best = -1;
    double best_distance = 0;
    for (int s = 0; s < m_->nsite; ++s) {
      if (std::find(cluster.begin(), cluster.end(), m_->site_bodyid[s]) == cluster.end()) continue;
      const double* w = ref_->site_xpos + 3 * s;
      if (std::abs(w[2] - face.centre_W[2]) > kSoleSiteTolerance_m) continue;
      const double dx[2] = {w[0] - face.centre_W[0], w[1] - face.centre_W[1]};
      const double along = dx[0] * face.forward_W[0] + dx[1] * face.forward_W[1];
      const double across = dx[0] * face.left_W[0] + dx[1] * face.left_W[1];
      if (std::abs(along) > 0.5 * face.length_m + kSoleSiteTolerance_m ||
          std::abs(across) > 0.5 * face.width_m + kSoleSiteTolerance_m) {
        continue;
      }
      const double distance = std::hypot(along, across);
      if (best < 0 || distance < best_distance) {
        best = s;
        best_distance = distance;
      }
    }
    if (best >= 0) {
      foot->sole_site = t_.Name(mjOBJ_SITE, best);
      foot->reason += "; sole site on the lowest face of its collision geometry";
    } else if (draft_->urdf) {
      foot->sole_site = foot->body + "_sole";
      foot->sole_site_added = true;
      foot->reason += "; sole site added at the centre of its collision geometry's lowest face";
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
    // One jointed branch above the base is the trunk, unless the waist hangs below the base.
    if (upper.size() == 1 && hips_ == base_) {
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
      const int gyro = SensorOn(mjSENS_GYRO, s);
      const int acc = SensorOn(mjSENS_ACCELEROMETER, s);
      if (gyro < 0 && acc < 0) continue;  // no IMU here (a lone framequat is none)
      if (gyro < 0 || acc < 0) {
        Fail("inconsistent sensors: site '" + t_.Name(mjOBJ_SITE, s) + "' has " +
             (gyro >= 0 ? "a gyro" : "an accelerometer") + " but no " +
             (gyro < 0 ? "gyro" : "accelerometer") +
             " (expected gyro and accelerometer on one IMU site, framequat optional)");
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
      const int quat = SensorOn(mjSENS_FRAMEQUAT, best);
      imu.orientation_sensor = quat >= 0 ? t_.Name(mjOBJ_SENSOR, quat) : "";
      imu.gyro_sensor = t_.Name(mjOBJ_SENSOR, SensorOn(mjSENS_GYRO, best));
      imu.accelerometer_sensor = t_.Name(mjOBJ_SENSOR, SensorOn(mjSENS_ACCELEROMETER, best));
      imu.reason = std::string(quat >= 0 ? "the site carrying framequat, gyro and accelerometer"
                                         : "the site carrying gyro and accelerometer (no "
                                           "framequat: no orientation output)") +
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
  // gravity estimate (legs: the whole robot on one leg leaning kLegLeanAngle_rad; a waist below
  // the base: the body above it held out; other joints: the limb beyond the joint held out).
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
    const int body = m_->jnt_bodyid[j];
    if (group == "left_leg" || group == "right_leg") {
      t_.SubtreeLoad(base_, &mass, &lever);  // the whole robot
      const double* joint = t_.d()->xpos + 3 * body;
      const double* foot = t_.d()->xpos + 3 * feet_[group == "left_leg" ? 0 : 1];
      const double leg_length_m = std::abs(joint[2] - foot[2]);
      return mass * kGravity_mps2 * leg_length_m * std::sin(kLegLeanAngle_rad);
    }
    if (t_.IsAncestor(body, feet_[0]) && t_.IsAncestor(body, feet_[1])) {
      t_.LoadAbove(base_, body, &mass, &lever);
    } else {
      t_.SubtreeLoad(body, &mass, &lever);
    }
    return mass * kGravity_mps2 * lever;
  }

  // The integrated joint with the smallest peak torque >= needed; when none reaches it, the
  // strongest, with *meets false.
  std::string ClosestComponent(double needed_Nm, bool* meets) const {
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
    *meets = !best.empty();
    return best.empty() ? strongest : best;
  }

  void ChooseComponents() {
    if (components_.joints.empty()) Fail("no integrated joints in the component library");
    for (DraftGroup& group : draft_->groups) {
      double needed = 0;
      bool all_from_actuator = true;
      std::string source = "gravity estimate";  // of the joint needing the most
      for (int j : group_joints_[group.name]) {
        bool from_actuator = false;
        const double joint_need = NeededTorqueNm(group.name, j, &from_actuator);
        if (joint_need > needed) {
          needed = joint_need;
          source =
              (from_actuator ? "actuator limit of " : "gravity estimate for ") + t_.JointName(j);
        }
        all_from_actuator = all_from_actuator && from_actuator;
      }
      group.needed_torque_Nm = needed;
      group.component = ClosestComponent(needed, &group.component_meets_need);
      const double peak = components_.joints.at(group.component).PeakTorqueNm();
      group.kp_Nm_per_rad = std::round(peak / kFullTorqueError_rad);
      group.kd_Nms_per_rad = std::round(100 * group.kp_Nm_per_rad / kStiffnessOverDamping_s) / 100;
      if (group.component_meets_need) {
        group.reason += "; component: the smallest peak torque >= " + Num(needed) + " N·m (" +
                        source + "): " + Num(peak) + " N·m";
        if (!all_from_actuator) {
          draft_->todos.push_back("groups." + group.name + ".component: " + group.component +
                                  " is a guess from gravity loads; name your actuator's "
                                  "datasheet");
        }
      } else {
        group.reason += "; component: none reaches the " + Num(needed) + " N·m needed (" + source +
                        "); " + group.component + " is the strongest, " + Num(peak) + " N·m";
        draft_->todos.push_back(
            "groups." + group.name + ".component: the joints need " + Num(needed) + " N·m peak (" +
            source +
            ") and no integrated joint in the component library reaches it (the "
            "strongest, " +
            group.component + ", gives " + Num(peak) +
            " N·m); write your actuator's datasheet (docs/components.md)");
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
      return;
    }
    std::string why;
    if (SolveStandingPosture(&why)) {
      draft_->posture_solved = true;
      draft_->posture_reason = "solved (the model has no keyframe): knees bent " +
                               Num(kStandingKneeBend_rad) +
                               " rad, soles as flat as in the zero posture, CoM over the middle "
                               "of the soles";
      draft_->todos.push_back(
          "nominal_posture: solved numerically because the model has no keyframe; check it "
          "with `tianmu sim` (a keyframe in the model takes precedence)");
      return;
    }
    draft_->posture_reason = "zero posture: the model has no keyframe and " + why;
    draft_->todos.push_back(
        "nominal_posture: the model has no keyframe and " + why +
        "; bend hips, knees and ankles so the soles are flat and the CoM is over them");
  }

  // The knee of a leg: the hinge about the robot's sideways axis nearest the middle of the leg
  // in height, with the sign that swings the foot backwards (as a knee bends). False without one.
  bool FindKnee(const std::vector<int>& leg, int foot, int* knee, double* sign) const {
    const mjData* d = t_.d();
    const double* R = d->xmat + 9 * base_;
    const double side_axis[3] = {R[1], R[4], R[7]};
    if (leg.empty()) return false;
    const double top = d->xanchor[3 * leg.front() + 2], bottom = d->xpos[3 * foot + 2];
    *knee = -1;
    double best = 0;
    for (int j : leg) {
      if (m_->jnt_type[j] != mjJNT_HINGE) continue;
      const double* axis = d->xaxis + 3 * j;
      const double along = axis[0] * side_axis[0] + axis[1] * side_axis[1] + axis[2] * side_axis[2];
      if (std::abs(along) < 0.9) continue;
      const double off_middle = std::abs(d->xanchor[3 * j + 2] - 0.5 * (top + bottom));
      if (*knee < 0 || off_middle < best) {
        *knee = j;
        best = off_middle;
      }
    }
    if (*knee < 0) return false;
    // A rotation of +a about `axis` moves a point below the joint by a (axis x (p - anchor)):
    // backwards when that points against the base's x.
    const double* axis = d->xaxis + 3 * *knee;
    const double* anchor = d->xanchor + 3 * *knee;
    const double r[3] = {d->xpos[3 * foot] - anchor[0], d->xpos[3 * foot + 1] - anchor[1],
                         d->xpos[3 * foot + 2] - anchor[2]};
    const double dx[3] = {axis[1] * r[2] - axis[2] * r[1], axis[2] * r[0] - axis[0] * r[2],
                          axis[0] * r[1] - axis[1] * r[0]};
    const double forward = dx[0] * R[0] + dx[1] * R[3] + dx[2] * R[6];
    *sign = forward < 0 ? 1.0 : -1.0;
    return true;
  }

  // Residuals of the standing posture at `qpos`, the base held: each foot's position against
  // the reference posture's moved by `offset` (m; both feet move together, as if the base moved)
  // and its orientation against the reference (rad), the robot's CoM against the middle of the two
  // soles (x, y; m), and each knee against kStandingKneeBend_rad.
  Eigen::VectorXd PostureResidual(mjData* d, const Vec3& offset, const std::array<int, 2>& knee,
                                  const std::array<double, 2>& knee_sign) const {
    mj_kinematics(m_, d);
    mj_comPos(m_, d);
    Eigen::VectorXd r(16);
    Vec3 middle{0, 0, 0};
    for (int i = 0; i < 2; ++i) {
      for (int k = 0; k < 3; ++k) {
        r[6 * i + k] = d->xpos[3 * feet_[i] + k] - ref_->xpos[3 * feet_[i] + k] - offset[k];
      }
      // Orientation error: the rotation vector of R_ref^T R.
      double q[4], q_ref[4], q_err[4], neg[4];
      mju_mat2Quat(q, d->xmat + 9 * feet_[i]);
      mju_mat2Quat(q_ref, ref_->xmat + 9 * feet_[i]);
      mju_negQuat(neg, q_ref);
      mju_mulQuat(q_err, neg, q);
      double v[3];
      mju_quat2Vel(v, q_err, 1.0);
      for (int k = 0; k < 3; ++k) r[6 * i + 3 + k] = v[k];
      // The sole centre moves with the foot: the reference centre, carried by the foot's motion.
      const Vec3& c = sole_centre_W_[i];
      const double* p0 = ref_->xpos + 3 * feet_[i];
      const double* R0 = ref_->xmat + 9 * feet_[i];
      const double* R1 = d->xmat + 9 * feet_[i];
      double local[3];
      for (int k = 0; k < 3; ++k) {
        local[k] = R0[k] * (c[0] - p0[0]) + R0[3 + k] * (c[1] - p0[1]) + R0[6 + k] * (c[2] - p0[2]);
      }
      for (int k = 0; k < 3; ++k) {
        middle[k] += 0.5 * (d->xpos[3 * feet_[i] + k] + R1[3 * k] * local[0] +
                            R1[3 * k + 1] * local[1] + R1[3 * k + 2] * local[2]);
      }
    }
    r[12] = d->subtree_com[3 * base_] - middle[0];
    r[13] = d->subtree_com[3 * base_ + 1] - middle[1];
    for (int i = 0; i < 2; ++i) {
      r[14 + i] = d->qpos[m_->jnt_qposadr[knee[i]]] - knee_sign[i] * kStandingKneeBend_rad;
    }
    return r;
  }

  // Solves the leg joints for a standing posture with bent knees, the feet moved together
  // (the base lowered) but as flat as in the reference posture, and the CoM over the
  // middle of the soles: damped Gauss-Newton on a finite-difference Jacobian, joint ranges
  // enforced. Fills nominal_posture_rad; false (with `why`) when it cannot.
  bool SolveStandingPosture(std::string* why) {
    std::array<int, 2> knee{};
    std::array<double, 2> knee_sign{};
    std::vector<int> unknowns;  // qpos addresses of the leg joints
    for (int i = 0; i < 2; ++i) {
      const std::vector<int>& leg = group_joints_[i == 0 ? "left_leg" : "right_leg"];
      if (!FindKnee(leg, feet_[i], &knee[i], &knee_sign[i])) {
        *why = "no knee was found (a hinge about the sideways axis in the leg)";
        return false;
      }
      for (int j : leg) {
        if (m_->jnt_type[j] == mjJNT_HINGE || m_->jnt_type[j] == mjJNT_SLIDE) {
          unknowns.push_back(m_->jnt_qposadr[j]);
        }
      }
      if (sole_geoms_[i].empty()) {
        *why = "the feet have no collision geometry";
        return false;
      }
      sole_centre_W_[i] = MeasureSole(sole_geoms_[i], ref_.get()).centre_W;
    }
    const int joint_count = static_cast<int>(unknowns.size());
    const int n = joint_count + 3;  // and the feet's common offset from the reference
    model::MjDataPtr work = model::MakeData(m_);
    mjData* d = work.get();
    mju_copy(d->qpos, ref_->qpos, m_->nq);
    Vec3 offset{0, 0, 0};
    // Start from the knees bent the right way (a straight leg is singular for height).
    for (int i = 0; i < 2; ++i) {
      d->qpos[m_->jnt_qposadr[knee[i]]] = knee_sign[i] * 0.5 * kStandingKneeBend_rad;
    }
    std::vector<int> joint_of(joint_count, -1);
    for (int u = 0; u < joint_count; ++u) {
      for (int j = 0; j < m_->njnt; ++j) {
        if (m_->jnt_qposadr[j] == unknowns[u]) joint_of[u] = j;
      }
    }
    auto value = [&](int u) -> double& {
      return u < joint_count ? d->qpos[unknowns[u]] : offset[u - joint_count];
    };
    auto clamp = [&](int u) {
      if (u >= joint_count || !m_->jnt_limited[joint_of[u]]) return;
      const int j = joint_of[u];
      value(u) = std::clamp(value(u), m_->jnt_range[2 * j], m_->jnt_range[2 * j + 1]);
    };
    for (int u = 0; u < joint_count; ++u) clamp(u);
    auto residual = [&] { return PostureResidual(d, offset, knee, knee_sign); };
    Eigen::VectorXd r = residual();
    double damping = 1e-3;
    constexpr double kStep = 1e-7;
    for (int iteration = 0; iteration < kPostureIterations && r.norm() > kPostureTolerance;
         ++iteration) {
      Eigen::MatrixXd J(r.size(), n);
      for (int u = 0; u < n; ++u) {
        const double saved = value(u);
        value(u) = saved + kStep;
        J.col(u) = (residual() - r) / kStep;
        value(u) = saved;
      }
      const Eigen::MatrixXd A = J.transpose() * J + damping * Eigen::MatrixXd::Identity(n, n);
      const Eigen::VectorXd step = A.ldlt().solve(-J.transpose() * r);
      std::vector<double> saved(n);
      for (int u = 0; u < n; ++u) {
        saved[u] = value(u);
        value(u) += step[u];
        clamp(u);
      }
      const Eigen::VectorXd next = residual();
      if (next.norm() < r.norm()) {
        r = next;
        damping = std::max(1e-9, damping * 0.3);
      } else {
        for (int u = 0; u < n; ++u) value(u) = saved[u];
        r = residual();
        damping *= 10;
        if (damping > 1e6) break;
      }
    }
    if (!(r.norm() <= kPostureTolerance)) {
      *why = "no standing posture with flat soles, knees bent " + Num(kStandingKneeBend_rad) +
             " rad and the CoM over the soles was found within the joint ranges (residual " +
             Num(r.norm()) + ")";
      return false;
    }
    for (const DraftGroup& group : draft_->groups) {
      for (int j : group_joints_[group.name]) {
        const double q = d->qpos[m_->jnt_qposadr[j]];
        // Below the solver's tolerance is zero (a hip roll of 1e-13 rad is noise).
        if (std::abs(q) > kPostureTolerance) {
          draft_->nominal_posture_rad.emplace_back(t_.JointName(j), q);
        }
      }
    }
    return true;
  }

  void ListUnaccounted() {
    std::vector<std::string> left_over, outside_passive, outside_actuated;
    for (int j = 0; j < m_->njnt; ++j) {
      if (m_->jnt_type[j] == mjJNT_FREE || accounted_.count(j)) continue;
      const bool in_robot = t_.IsAncestor(base_, m_->jnt_bodyid[j]);
      if (!Actuated(j)) {
        // check-robot wants every joint listed: passive is where a joint outside the robot fits.
        draft_->passive_joints.push_back(t_.JointName(j));
        if (!in_robot) outside_passive.push_back(t_.JointName(j));
      } else {
        (in_robot ? left_over : outside_actuated).push_back(t_.JointName(j));
      }
    }
    if (!outside_passive.empty()) {
      draft_->notes.push_back(
          "joints outside the robot's kinematic tree, ignored (listed in "
          "passive_joints only because check-robot wants every joint "
          "listed): " +
          JoinNames(outside_passive, 8));
    }
    if (!outside_actuated.empty()) {
      draft_->todos.push_back(
          "actuated joints outside the robot's kinematic tree: " + JoinNames(outside_actuated, 8) +
          "; remove their actuators or the bodies from the model");
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
  int hips_ = -1;         ///< where the two legs' paths from the base part
  model::MjDataPtr ref_;  ///< the reference posture (first keyframe, else default pose)
  std::array<std::vector<int>, 2> sole_geoms_;  ///< each foot's contact geoms
  std::array<Vec3, 2> sole_centre_W_{};         ///< each sole's centre in the reference posture
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
  for (const std::string& note : d.notes) out << "# NOTE: " << note << "\n";
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
  if (!d.imu.orientation_sensor.empty()) {
    Line(out, "  orientation_sensor: " + d.imu.orientation_sensor);
  }
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
    Line(out, "    sole_length_m: " + Num(f.sole_length_m),
         "forward extent of the " + f.sole_geometry);
    Line(out, "    sole_width_m: " + Num(f.sole_width_m), "sideways extent of the same face");
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
