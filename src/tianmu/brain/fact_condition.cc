#include "tianmu/brain/fact_condition.h"

#include "tianmu/core/error.h"

namespace tianmu::brain {

void RegisterFactConditions(NodeFactory& factory, const WorldState* state) {
  factory.RegisterCondition(
      "FactHolds", {{"fact", true, "", "string", "a ground fact, e.g. at(robot, table)", false}},
      [state](TreeNode& node) {
        const std::string text = node.Input<std::string>("fact");
        try {
          return state->Holds(Fact::Parse(text));
        } catch (const InputError& e) {
          throw RuntimeError(node.Where() + ": port 'fact': " + e.what());
        }
      });
}

}  // namespace tianmu::brain
