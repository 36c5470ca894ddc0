// Acceptance of `tianmu do`'s pipeline: every instruction of the held set (26 English, 26
// Chinese, tests/brain/held_instructions.h) carried out on the simulated TM-1 in the flat scene
// with the hall's objects, the default oracle (noise, latency, dropouts) and seed 1. Issue 18
// asks for at least 90 % in each language. Slow (minutes): its own executable.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "held_instructions.h"
#include "tianmu/brain/instruction_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::brain {
namespace {

InstructionRunOptions HeldOptions(const char* text) {
  InstructionRunOptions o;
  o.instruction = text;
  o.objects = LoadSceneObjects(TIANMU_TEST_DATA_DIR "/hall.json");
  o.scene_name = "flat";
  o.scene = sim::ResolveScene("flat");
  o.seed = 1;
  o.oracle = skills::RealisticOracleOptions();  // the CLI's defaults
  return o;
}

// Runs every instruction of `set`. Many instructions (in one language or across the two) read as
// the same goal and plan: execution is deterministic given the behaviour tree, the goal (which
// replanning starts from) and the seed, so an instruction whose tree and goal were already run is
// given that run's result instead of simulating it again. Reading and planning still run for
// every instruction.
double SuccessRate(const std::vector<testing::HeldInstruction>& set,
                   std::map<std::string, InstructionRunResult>* runs) {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  int successes = 0;
  for (const testing::HeldInstruction& held : set) {
    InstructionRunOptions o = HeldOptions(held.text);
    o.execute = false;
    const InstructionRunResult read = RunInstruction(spec, o);
    std::string key = read.tree_xml + "\n";
    for (const Fact& f : read.instruction.goal) key += f.ToString() + ";";
    auto run = runs->find(key);
    const bool reused = run != runs->end() && !read.tree_xml.empty();
    if (!reused)
      run = runs->insert_or_assign(key, RunInstruction(spec, HeldOptions(held.text))).first;
    const InstructionRunResult& r = run->second;
    successes += r.success;
    std::string why;
    for (const RunFailure& f : r.failures)
      why += " [" + f.step + " " + f.reason + ": " + f.detail + "]";
    std::printf("%-4s %6.2f s  %s%s%s\n", r.success ? "ok" : "FAIL", r.duration_s, held.text,
                reused ? " (same tree and goal as an earlier run)" : "", why.c_str());
  }
  return static_cast<double>(successes) / set.size();
}

TEST(HeldSet, Tm1CarriesOutAtLeastNinetyPercentOfTheInstructionsInEachLanguage) {
  std::map<std::string, InstructionRunResult> runs;
  EXPECT_GE(SuccessRate(testing::EnglishHeldSet(), &runs), 0.9) << "English";
  EXPECT_GE(SuccessRate(testing::ChineseHeldSet(), &runs), 0.9) << "Chinese";
  std::printf("%zu distinct runs for %zu instructions\n", runs.size(),
              testing::EnglishHeldSet().size() + testing::ChineseHeldSet().size());
}

}  // namespace
}  // namespace tianmu::brain
