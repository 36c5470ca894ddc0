// The factsheet message (robot → master control): what the robot is and can do: its series,
// speeds and footprint, battery floor and the action types it carries out (its capabilities, used
// by task allocation to exclude robots that lack one).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/fleet/message_header.h"

namespace tianmu::fleet {

/// A factsheet (the subset of VDA 5050's that allocation and conflict avoidance use).
struct Factsheet {
  MessageHeader header;
  std::string series_name;             ///< typeSpecification.seriesName ("TM-1")
  std::string agv_kinematic = "OMNI";  ///< typeSpecification.agvKinematic: DIFF, OMNI, THREEWHEEL
  std::string agv_class = "CARRIER";   ///< typeSpecification.agvClass
  double max_load_mass_kg = 0;         ///< typeSpecification.maxLoadMass
  double speed_max_mps = 0.3;          ///< physicalParameters.speedMax
  double width_m = 0.6;                ///< physicalParameters.width (footprint)
  double length_m = 0.6;               ///< physicalParameters.length (footprint)
  std::vector<std::string> action_types;  ///< protocolFeatures.agvActions[].actionType
};

/// Encodes a factsheet.
nlohmann::json EncodeFactsheet(const Factsheet& factsheet);

/// Decodes and checks one; InputError "factsheet: FIELD: ..." otherwise.
Factsheet DecodeFactsheet(const nlohmann::json& payload);

/// The radius of the circle around the footprint (m): half the diagonal of width × length.
double FootprintRadius(const Factsheet& factsheet);

}  // namespace tianmu::fleet
