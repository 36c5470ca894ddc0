#include "fuzz_targets.h"

namespace tianmu::fuzz {

const std::vector<Target>& AllTargets() {
  static const std::vector<Target> kTargets = {
      {"config_yaml", FuzzConfigYaml},
      {"robot_yaml", FuzzRobotYaml},
      {"urdf", FuzzUrdf},
      {"scene_mjcf", FuzzSceneMjcf},
      {"datasheet", FuzzDatasheet},
      {"command_schedule", FuzzCommandSchedule},
      {"cli_specs", FuzzCliSpecs},
      {"bvh", FuzzBvh},
      {"motion_clip", FuzzMotionClip},
      {"objects_csv", FuzzObjectsCsv},
      {"objects_json", FuzzObjectsJson},
      {"mcap", FuzzMcap},
      {"hdf5_episode", FuzzHdf5Episode},
      {"http_request", FuzzHttpRequest},
      {"ws_frame", FuzzWsFrame},
      {"foxglove_client", FuzzFoxgloveClient},
      {"rest_body", FuzzRestBody},
      {"fleet_message", FuzzFleetMessage},
  };
  return kTargets;
}

}  // namespace tianmu::fuzz
