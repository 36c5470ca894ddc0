// Skills: behaviours built on the whole-body controller (look at, reach, wave, turn, walk to), one
// per file behind this interface: parameters, preconditions, effects, Tick(), success or failure
// with a reason, and a timeout. Skills sense the world only through a PerceptionPort.
#pragma once

#include <optional>
#include <string>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/skills/perception_port.h"
#include "tianmu/skills/skill_params.h"

namespace tianmu::skills {

/// Why a skill failed (issue 16's reasons); kNone while running or after success.
enum class FailureReason { kNone, kMissedGrasp, kSlip, kDrop, kFall, kTimeout, kUnreachable };

/// "none", "missed_grasp", "slip", "drop", "fall", "timeout", "unreachable".
const char* FailureReasonName(FailureReason reason);

/// Where a skill is.
enum class SkillState { kRunning, kSucceeded, kFailed };

/// A skill's verdict: its state, the reason when it failed, and one line saying why.
struct SkillOutcome {
  SkillState state = SkillState::kRunning;
  FailureReason reason = FailureReason::kNone;
  std::string detail;

  static SkillOutcome Running() { return {}; }
  static SkillOutcome Succeeded(std::string detail = {}) {
    return {SkillState::kSucceeded, FailureReason::kNone, std::move(detail)};
  }
  static SkillOutcome Failed(FailureReason reason, std::string detail) {
    return {SkillState::kFailed, reason, std::move(detail)};
  }
};

/// What a skill may use: the robot, its controller (targets and commands, its own estimate) and
/// the perception port. `time_s` is robot time.
struct SkillContext {
  double time_s = 0;
  const model::RobotSpec* spec = nullptr;
  control::HumanoidController* controller = nullptr;
  PerceptionPort* perception = nullptr;
};

/// One skill. Lifecycle: CheckPreconditions (may refuse, e.g. unreachable, before anything
/// moves), Start, Tick until it returns a final outcome or the timeout passes, Stop.
class Skill {
 public:
  virtual ~Skill() = default;
  /// The skill's name as the CLI spells it ("look_at").
  virtual const char* name() const = 0;
  /// What the world looks like after success, in one line (for --help and logs).
  virtual std::string Effects() const = 0;
  /// Running when the skill may start; otherwise a failure saying which limit is exceeded.
  virtual SkillOutcome CheckPreconditions(const SkillContext& context) = 0;
  /// Sets the controller's targets or commands.
  virtual void Start(const SkillContext& context) = 0;
  /// Advances the skill by one tick; the outcome is final once it is not kRunning.
  virtual SkillOutcome Tick(const SkillContext& context) = 0;
  /// Takes the skill's targets and commands back (after success, failure or a timeout).
  virtual void Stop(const SkillContext& context) = 0;
  /// The time after Start at which a still running skill fails with kTimeout (s).
  virtual double timeout_s() const = 0;
  /// The skill's figure of merit (e.g. "gaze_error_deg"), or empty.
  virtual std::string metric_name() const { return {}; }
  /// Its value when the skill ended, as the skill perceived it.
  virtual double metric() const { return 0; }
  /// Its value now as `port` sees it (a noise-free oracle gives ground truth); nullopt for skills
  /// whose figure is accumulated over time (wave) or when the port has no reading.
  virtual std::optional<double> Measure(const SkillContext& context, PerceptionPort* port) const {
    (void)context;
    (void)port;
    return std::nullopt;
  }
};

}  // namespace tianmu::skills
