#include "tianmu/skills/turn_to_skill.h"

#include <algorithm>
#include <cmath>

#include "tianmu/core/error.h"
#include "tianmu/skills/robot_frames.h"

namespace tianmu::skills {
namespace {

constexpr double kYawGain_per_s = 1.5;  ///< yaw rate per radian of heading error

}  // namespace

TurnToSkill::TurnToSkill(const SkillParams& params)
    : heading_rad_(params.Number("turn_to", "heading_deg", NAN, -360, 360) * M_PI / 180),
      tolerance_rad_(params.Number("turn_to", "tolerance_deg", 5, 0.5, 45) * M_PI / 180),
      timeout_s_(params.Number("turn_to", "timeout_s", 20, 0.1, 600)) {
  if (!params.Has("heading_deg")) {
    throw InputError("--param heading_deg: skill turn_to needs heading_deg=DEG (world yaw)");
  }
  params.RejectUnknown("turn_to", {"heading_deg", "tolerance_deg", "timeout_s"});
}

SkillOutcome TurnToSkill::CheckPreconditions(const SkillContext& context) {
  base_ = context.spec->base_body;
  if (!context.perception->Track(base_)) {
    return SkillOutcome::Failed(FailureReason::kUnreachable,
                                "perception cannot see the base body " + base_);
  }
  return SkillOutcome::Running();
}

void TurnToSkill::Start(const SkillContext&) { stopping_ = false; }

SkillOutcome TurnToSkill::Tick(const SkillContext& context) {
  const std::optional<PerceivedPose> base = context.perception->Observe(base_);
  if (!base) return SkillOutcome::Running();
  error_rad_ = WrapAngleRad(heading_rad_ - HeadingRad(base->rotation));
  const bool within = std::abs(error_rad_) <= tolerance_rad_;
  if (!stopping_ && within) stopping_ = true;
  if (stopping_) {
    context.controller->SetVelocityCommand({});
    const std::string mode = context.controller->status().mode;
    if (mode == "standing") {
      if (within) return SkillOutcome::Succeeded();
      stopping_ = false;  // stopped outside the tolerance: turn again
    }
    return SkillOutcome::Running();
  }
  const double max_wz = context.controller->locomotion_config().max_wz_radps;
  control::locomotion::VelocityCommand command;
  command.wz_radps = std::clamp(kYawGain_per_s * error_rad_, -max_wz, max_wz);
  context.controller->SetVelocityCommand(command);
  return SkillOutcome::Running();
}

std::optional<double> TurnToSkill::Measure(const SkillContext& context,
                                           PerceptionPort* port) const {
  if (!port->Track(context.spec->base_body)) return std::nullopt;
  const std::optional<PerceivedPose> base = port->Observe(context.spec->base_body);
  if (!base) return std::nullopt;
  return std::abs(WrapAngleRad(heading_rad_ - HeadingRad(base->rotation))) * 180 / M_PI;
}

void TurnToSkill::Stop(const SkillContext& context) { context.controller->SetVelocityCommand({}); }

}  // namespace tianmu::skills
