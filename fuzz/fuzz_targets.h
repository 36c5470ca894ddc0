// Fuzz targets for every parser that reads outside input. Each target is one function that takes
// the raw input bytes; fuzzer_main.cc turns one of them into a libFuzzer binary (fuzz/, built with
// TIANMU_FUZZ=ON), and tests/fuzz replays the checked-in corpora through all of them.
#pragma once

#include <string_view>
#include <vector>

namespace tianmu::fuzz {

/// Runs one input through a parser. Input errors the parser documents (InputError, and
/// RuntimeError where it reads files) are caught; anything else escapes and counts as a crash.
using TargetFunction = void (*)(std::string_view input);

/// One named target: its corpus lives in fuzz/corpus/NAME, its crash reproducers in
/// fuzz/regressions/NAME.
struct Target {
  const char* name;
  TargetFunction run;
};

void FuzzConfigYaml(std::string_view input);       ///< any YAML through ConfigNode
void FuzzRobotYaml(std::string_view input);        ///< robot.yaml (with the assets' models)
void FuzzUrdf(std::string_view input);             ///< URDF front-end (robot init)
void FuzzSceneMjcf(std::string_view input);        ///< scene MJCF merged into a robot
void FuzzDatasheet(std::string_view input);        ///< one component datasheet
void FuzzCommandSchedule(std::string_view input);  ///< --cmd-file course YAML
void FuzzCliSpecs(std::string_view input);         ///< --cmd vx,vy,wz and --push specs
void FuzzBvh(std::string_view input);              ///< BVH motion capture
void FuzzMotionClip(std::string_view input);       ///< robot clip JSON
void FuzzObjectsCsv(std::string_view input);       ///< knowledge base CSV import
void FuzzObjectsJson(std::string_view input);      ///< knowledge base JSON import
void FuzzMcap(std::string_view input);             ///< MCAP log reader
void FuzzHdf5Episode(std::string_view input);      ///< HDF5 episode validation
void FuzzHttpRequest(std::string_view input);      ///< HTTP/1.1 request parser
void FuzzWsFrame(std::string_view input);          ///< WebSocket frame decoder
void FuzzFoxgloveClient(std::string_view input);   ///< Foxglove client messages
void FuzzRestBody(std::string_view input);         ///< REST API JSON bodies
void FuzzFleetMessage(std::string_view input);     ///< fleet (VDA 5050-shaped) MQTT payloads

/// Every target, in the order scripts/fuzz.sh runs them.
const std::vector<Target>& AllTargets();

}  // namespace tianmu::fuzz
