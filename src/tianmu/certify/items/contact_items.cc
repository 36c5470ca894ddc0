// Contact items: the robot's arm swung at working speed into an instrumented body-region probe
// (a compliant pad with the region's ISO/TS 15066 effective spring constant, placed in the
// hand's path), peak force and pressure read from MuJoCo's contacts against the region limits.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "tianmu/certify/items/item_support.h"
#include "tianmu/certify/items/robot_parts.h"
#include "tianmu/certify/registry.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/config_node.h"
#include "tianmu/model/robot_binding.h"

namespace tianmu::certify {
namespace {

const char* const kStandard =
    "ISO/TS 15066:2016 Annex A (body-region force and pressure limits for transient contact); "
    "ISO 10218-2:2011 power and force limiting";

struct Region {
  std::string name;
  double max_force_N = 0;
  double max_pressure_N_per_cm2 = 0;
  double spring_N_per_m = 0;
};

struct RegionTable {
  double transient_factor = 2;
  std::vector<Region> regions;
};

RegionTable LoadRegions() {
  const ConfigNode root =
      ConfigNode::LoadFile(AssetsDir() / "certify" / "iso_ts_15066_body_regions.yaml");
  root.RejectUnknownKeys({"source", "transient_factor", "regions"});
  RegionTable table;
  table.transient_factor = root.Required("transient_factor").AsPositiveDouble();
  for (const auto& [name, entry] : root.Required("regions").MapEntries()) {
    entry.RejectUnknownKeys({"max_force_N", "max_pressure_N_per_cm2", "spring_constant_N_per_mm"});
    Region r;
    r.name = name;
    r.max_force_N = entry.Required("max_force_N").AsPositiveDouble();
    r.max_pressure_N_per_cm2 = entry.Required("max_pressure_N_per_cm2").AsPositiveDouble();
    r.spring_N_per_m = 1000 * entry.Required("spring_constant_N_per_mm").AsPositiveDouble();
    table.regions.push_back(r);
  }
  if (table.regions.empty()) root.Required("regions").Fail("at least one body region");
  return table;
}

// The right arm's shoulder pitch joint and the right hand body, or nullopt.
struct ArmSetup {
  int shoulder_joint = -1;  ///< RobotSpec index
  std::string hand_body;
};

std::optional<ArmSetup> FindArm(const model::RobotSpec& spec) {
  ArmSetup arm;
  arm.shoulder_joint = items::ShoulderPitchJoint(spec, "right").value_or(-1);
  for (const model::HandSpec& h : spec.hands) {
    if (h.side == "right") arm.hand_body = h.body;
  }
  if (arm.shoulder_joint < 0 || arm.hand_body.empty()) return std::nullopt;
  return arm;
}

// Hand position (world) with the robot standing in its nominal posture and the shoulder pitch
// moved by `delta_rad`.
std::array<double, 3> HandPosition(const model::RobotSpec& spec, const ArmSetup& arm,
                                   double delta_rad) {
  const mjModel* m = spec.model.get();
  const model::RobotBinding b = model::BindRobot(spec, m);
  model::MjDataPtr data(mj_makeData(m));
  mjData* d = data.get();
  d->qpos[b.base_qpos_adr + 2] = spec.standing_base_height_m;
  d->qpos[b.base_qpos_adr + 3] = 1;
  for (int j = 0; j < spec.num_joints(); ++j) {
    d->qpos[b.joint_qpos_adr[j]] =
        spec.joints[j].nominal_rad + (j == arm.shoulder_joint ? delta_rad : 0);
  }
  mj_kinematics(m, d);
  const int hand = mj_name2id(m, mjOBJ_BODY, arm.hand_body.c_str());
  return {d->xpos[3 * hand], d->xpos[3 * hand + 1], d->xpos[3 * hand + 2]};
}

struct StrikeResult {
  double peak_force_N = 0;
  double peak_pressure_N_per_cm2 = 0;
  double hand_speed_mps = 0;  ///< at first contact
  bool contact = false;
  bool fell = false;
  double duration_s = 0;
};

StrikeResult Strike(const TrialContext& c, std::uint64_t seed, const Region& region,
                    const ArmSetup& arm) {
  const model::RobotSpec& spec = *c.spec;
  // Swing direction: the one that brings the hand forward.
  const double forward_sign =
      HandPosition(spec, arm, -0.7)[0] > HandPosition(spec, arm, 0.7)[0] ? -1 : 1;
  const double contact_delta = 0.6;
  const std::array<double, 3> at = HandPosition(spec, arm, forward_sign * contact_delta);
  constexpr double kHalfDepth = 0.05;
  const double damping = 2 * std::sqrt(region.spring_N_per_m * 1.0);  // ~critical for 1 kg
  const std::filesystem::path scene = items::ScratchScene(c, "probe-" + region.name);
  std::ostringstream xml;
  xml << "<!-- Tianmu generated scene \"probes\": a " << region.name
      << " body-region probe in the right hand's swing path -->\n<mujoco model=\"probes\">\n"
      << "  <worldbody>\n    <geom name=\"scene_floor\" type=\"plane\" size=\"50 50 0.1\" "
         "contype=\"1\" conaffinity=\"1\" condim=\"3\" friction=\"1 0.005 0.0001\"/>\n"
      << "    <body name=\"scene_probe_" << region.name << "\" pos=\"" << at[0] + kHalfDepth << " "
      << at[1] << " " << at[2] << "\">\n      <geom name=\"scene_probe_" << region.name
      << "_pad\" type=\"box\" size=\"" << kHalfDepth
      << " 0.12 0.15\" contype=\"1\" conaffinity=\"1\" condim=\"3\" solref=\"-"
      << region.spring_N_per_m << " -" << damping << "\" rgba=\"0.9 0.6 0.5 1\"/>\n"
      << "    </body>\n  </worldbody>\n</mujoco>\n";
  WriteFileAtomically(scene, xml.str());

  Rng rng(seed);
  const double speed_radps = rng.Uniform(1.2, 1.8);  // working speed of the shoulder
  constexpr double kStart = 1.5;
  const double travel = contact_delta + 0.25;
  Scenario s;
  s.scene = scene.string();
  s.duration_s = kStart + travel / speed_radps + 1.0;
  s.seed = seed;
  s.log_path = c.log_path;
  StrikeResult out;
  int probe_geom = -2, hand_body = -1;
  std::array<double, 3> last_hand{};
  double hand_speed = 0;
  const double nominal = spec.joints[arm.shoulder_joint].nominal_rad;
  Eigen::VectorXd targets = Eigen::VectorXd::Constant(spec.num_joints(), NAN);
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController* h) {
    const mjModel* m = t.world->model();
    const mjData* d = t.world->data();
    if (probe_geom == -2) {
      probe_geom = mj_name2id(m, mjOBJ_GEOM, ("scene_probe_" + region.name + "_pad").c_str());
      hand_body = mj_name2id(m, mjOBJ_BODY, arm.hand_body.c_str());
    }
    const double* hp = d->xpos + 3 * hand_body;
    hand_speed = std::sqrt(std::pow(hp[0] - last_hand[0], 2) + std::pow(hp[1] - last_hand[1], 2) +
                           std::pow(hp[2] - last_hand[2], 2)) /
                 t.world->timestep_s();
    last_hand = {hp[0], hp[1], hp[2]};
    if (t.time_s >= kStart) {
      const double delta = std::min(travel, speed_radps * (t.time_s - kStart));
      targets[arm.shoulder_joint] = nominal + forward_sign * delta;
      h->SetJointTargets(targets, 20);
    }
    // Force: the normal force summed over every contact with the pad this tick (the force the
    // body region takes), its peak over the swing; pressure: the highest of any one contact.
    double total_N = 0;
    for (int i = 0; i < d->ncon; ++i) {
      const mjContact& con = d->contact[i];
      if (con.geom1 != probe_geom && con.geom2 != probe_geom) continue;
      const int other = con.geom1 == probe_geom ? con.geom2 : con.geom1;
      mjtNum wrench[6];
      mj_contactForce(m, d, i, wrench);
      const double force = std::abs(wrench[0]);
      if (!out.contact && force > 0) {
        out.contact = true;
        out.hand_speed_mps = hand_speed;
      }
      // Contact patch of a rounded striker pressed `depth` into the pad: area 2π r depth
      // (spherical cap), r the striking geom's smallest half-size or radius; at least 1 cm²
      // (the measuring area ISO/TS 15066 pressures refer to).
      const mjtNum* size = m->geom_size + 3 * other;
      double r = size[0];
      if (m->geom_type[other] == mjGEOM_BOX) r = std::min({size[0], size[1], size[2]});
      const double depth = std::max(0.0, -con.dist);
      const double area_cm2 = std::max(1.0, 2 * M_PI * r * depth * 1e4);
      total_N += force;
      out.peak_pressure_N_per_cm2 = std::max(out.peak_pressure_N_per_cm2, force / area_cm2);
    }
    out.peak_force_N = std::max(out.peak_force_N, total_N);
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(spec, s);
  std::filesystem::remove(scene);
  out.fell = run.fell;
  out.duration_s = run.duration_s;
  return out;
}

TrialResult ContactTrial(const TrialContext& c, int trial, std::uint64_t seed, bool pressure) {
  const RegionTable table = LoadRegions();
  const Region& region = table.regions[trial % table.regions.size()];
  const std::optional<ArmSetup> arm = FindArm(*c.spec);
  if (!arm)
    return items::NotAvailable("the robot has no right arm with a shoulder pitch joint and hand");
  const StrikeResult strike = Strike(c, seed, region, *arm);
  TrialResult r;
  r.duration_s = strike.duration_s;
  const double force_limit = table.transient_factor * region.max_force_N;
  const double pressure_limit = table.transient_factor * region.max_pressure_N_per_cm2;
  r.value = strike.contact ? 100 * (pressure ? strike.peak_pressure_N_per_cm2 / pressure_limit
                                             : strike.peak_force_N / force_limit)
                           : NAN;
  r.detail = {{"region", region.name},
              {"peak_force_N", strike.peak_force_N},
              {"force_limit_N", force_limit},
              {"peak_pressure_N_per_cm2", strike.peak_pressure_N_per_cm2},
              {"pressure_limit_N_per_cm2", pressure_limit},
              {"hand_speed_at_contact_mps", strike.hand_speed_mps},
              {"contact", strike.contact},
              {"fell", strike.fell}};
  if (!strike.contact) r.reason = "the hand did not reach the probe";
  return r;
}

ItemInfo Info(const char* id, const char* title, const char* metric) {
  ItemInfo i;
  i.id = id;
  i.domain = Domain::kSafety;
  i.title = title;
  i.standard = kStandard;
  i.protocol =
      "The standing robot swings its right arm forward (shoulder pitch driven through the "
      "whole-body controller's posture task at a working speed of 1.2-1.8 rad/s, per trial seed, "
      "while it balances) into a probe: a compliant pad with the body region's ISO/TS 15066 "
      "effective spring constant, placed where the hand passes 0.6 rad into the swing; the swing "
      "target goes 0.25 rad further (transient impact, then clamping). One body region per trial "
      "(chest, abdomen, upper arm, hand; assets/certify/iso_ts_15066_body_regions.yaml). Force: "
      "the normal forces of every MuJoCo contact with the pad summed each tick, its peak over the "
      "swing; pressure: the highest of one contact's force over the contact patch of the striking "
      "geom (2π r depth, at least 1 cm²). The hand's speed at first contact is measured and "
      "reported with each trial. Figure: the worst trial's peak as "
      "a percentage of the region's transient limit (twice the quasi-static Table A.2 value). "
      "A swing that never touches the probe gives no figure (fail).";
  i.metric = metric;
  i.unit = "%";
  i.comparison = "<=";
  i.aggregation = Aggregation::kMax;
  i.trials_quick = 4;
  i.trials_full = 8;
  return i;
}

std::optional<std::string> ArmUnavailable(const model::RobotSpec& spec) {
  if (!FindArm(spec)) return "the robot has no right arm with a shoulder pitch joint and a hand";
  return std::nullopt;
}

}  // namespace

void AddContactItems(Registry* registry) {
  registry->Add(std::make_unique<FunctionItem>(
      Info("safety.contact_force", "Contact force on body-region probes (arm strike)",
           "peak contact force, % of the region's transient limit"),
      [](const TrialContext& c, int trial, std::uint64_t seed) {
        return ContactTrial(c, trial, seed, false);
      },
      ArmUnavailable));
  registry->Add(std::make_unique<FunctionItem>(
      Info("safety.contact_pressure", "Contact pressure on body-region probes (arm strike)",
           "peak contact pressure, % of the region's transient limit"),
      [](const TrialContext& c, int trial, std::uint64_t seed) {
        return ContactTrial(c, trial, seed, true);
      },
      ArmUnavailable));
}

}  // namespace tianmu::certify
