#include "tianmu/brain/skill_action.h"

#include <cstdio>

#include "tianmu/brain/skill_ports.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {

NodeStatus SkillActionNode::Finish(const skills::SkillOutcome& outcome) {
  if (skill_) skill_->Stop(runtime_->context);
  skill_.reset();
  reason_ = skills::FailureReasonName(outcome.reason);
  detail_ = outcome.detail;
  if (outcome.state == skills::SkillState::kSucceeded) return NodeStatus::kSuccess;
  detail_ = reason_ + ": " + outcome.detail;
  return NodeStatus::kFailure;
}

NodeStatus SkillActionNode::OnTick() {
  const skills::SkillContext& context = runtime_->context;
  if (status() != NodeStatus::kRunning || !skill_) {
    skills::SkillParams params;
    for (const auto& [port, raw] : config().ports) {
      if (const std::optional<std::string> key = BlackboardReference(raw)) {
        const std::optional<BlackboardValue> value = config().blackboard->Find(*key);
        if (!value) {
          detail_ = "port '" + port + "': no blackboard entry '" + *key + "'";
          return NodeStatus::kFailure;
        }
        params.Set(port, ValueToText(*value));
      } else {
        params.Set(port, raw);
      }
    }
    try {
      skill_ = runtime_->make(config().id, params);
    } catch (const InputError& e) {
      detail_ = Where() + ": " + e.what();
      reason_ = "bad_parameters";
      return NodeStatus::kFailure;
    }
    const skills::SkillOutcome pre = skill_->CheckPreconditions(context);
    if (pre.state != skills::SkillState::kRunning) {
      skill_.reset();
      return Finish(pre);
    }
    skill_->Start(context);
    start_s_ = context.time_s;
    reason_ = "none";
    detail_.clear();
    return NodeStatus::kRunning;
  }
  const skills::SkillOutcome outcome = skill_->Tick(context);
  if (outcome.state != skills::SkillState::kRunning) return Finish(outcome);
  if (context.time_s - start_s_ >= skill_->timeout_s()) {
    char text[64];
    std::snprintf(text, sizeof(text), "no success within %.3g s", skill_->timeout_s());
    return Finish(skills::SkillOutcome::Failed(skills::FailureReason::kTimeout, text));
  }
  return NodeStatus::kRunning;
}

void SkillActionNode::OnHalt() {
  if (skill_) skill_->Stop(runtime_->context);
  skill_.reset();
}

void RegisterSkillActions(NodeFactory& factory, const std::vector<std::string>& skills,
                          SkillRuntime* runtime) {
  for (const std::string& skill : skills) {
    factory.Register({skill, NodeKind::kAction, SkillPorts(skill),
                      [runtime](const NodeConfig& config) {
                        return std::make_unique<SkillActionNode>(config, runtime);
                      },
                      false});
  }
}

}  // namespace tianmu::brain
