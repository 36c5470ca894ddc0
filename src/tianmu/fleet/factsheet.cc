#include "tianmu/fleet/factsheet.h"

#include <cmath>

namespace tianmu::fleet {

nlohmann::json EncodeFactsheet(const Factsheet& f) {
  nlohmann::json out = nlohmann::json::object();
  EncodeHeader(f.header, &out);
  out["typeSpecification"] = {
      {"seriesName", f.series_name},      {"agvKinematic", f.agv_kinematic},
      {"agvClass", f.agv_class},          {"maxLoadMass", f.max_load_mass_kg},
      {"localizationTypes", {"NATURAL"}}, {"navigationTypes", {"AUTONOMOUS"}}};
  out["physicalParameters"] = {
      {"speedMax", f.speed_max_mps}, {"width", f.width_m}, {"length", f.length_m}};
  nlohmann::json actions = nlohmann::json::array();
  for (const std::string& a : f.action_types) {
    actions.push_back({{"actionType", a}, {"actionScopes", {"NODE"}}});
  }
  out["protocolFeatures"] = {{"agvActions", actions}};
  return out;
}

Factsheet DecodeFactsheet(const nlohmann::json& payload) {
  const PayloadReader reader(payload, "factsheet", "");
  reader.RejectUnknown({TIANMU_FLEET_HEADER_FIELDS, "typeSpecification", "physicalParameters",
                        "protocolLimits", "protocolFeatures", "agvGeometry", "loadSpecification",
                        "vehicleConfig"});
  Factsheet f;
  f.header = DecodeHeader(reader);
  const PayloadReader type = reader.Object("typeSpecification");
  type.RejectUnknown({"seriesName", "seriesDescription", "agvKinematic", "agvClass", "maxLoadMass",
                      "localizationTypes", "navigationTypes"});
  f.series_name = type.String("seriesName", 64);
  type.OptionalString("seriesDescription");
  f.agv_kinematic = type.Enum("agvKinematic", {"DIFF", "OMNI", "THREEWHEEL"});
  f.agv_class = type.Enum("agvClass", {"FORKLIFT", "CONVEYOR", "TUGGER", "CARRIER"});
  f.max_load_mass_kg = type.Number("maxLoadMass", 0, 1e5);
  type.Strings("localizationTypes", 8);
  type.Strings("navigationTypes", 8);
  const PayloadReader physical = reader.Object("physicalParameters");
  physical.RejectUnknown({"speedMin", "speedMax", "accelerationMax", "decelerationMax", "heightMin",
                          "heightMax", "width", "length"});
  f.speed_max_mps = physical.Number("speedMax", 0.01, 20);
  f.width_m = physical.Number("width", 0.05, 20);
  f.length_m = physical.Number("length", 0.05, 20);
  for (const char* optional :
       {"speedMin", "accelerationMax", "decelerationMax", "heightMin", "heightMax"}) {
    physical.OptionalNumber(optional, 0, 1e3);
  }
  const PayloadReader features = reader.Object("protocolFeatures");
  features.RejectUnknown({"agvActions", "optionalParameters"});
  for (const PayloadReader& a : features.Objects("agvActions", 128)) {
    a.RejectUnknown({"actionType", "actionDescription", "actionScopes", "actionParameters",
                     "resultDescription", "blockingTypes"});
    f.action_types.push_back(a.String("actionType", 64));
    a.Strings("actionScopes", 4);
  }
  features.OptionalObjects("optionalParameters", 128);
  for (const char* ignored :
       {"protocolLimits", "agvGeometry", "loadSpecification", "vehicleConfig"}) {
    reader.OptionalObject(ignored);
  }
  return f;
}

double FootprintRadius(const Factsheet& f) { return 0.5 * std::hypot(f.width_m, f.length_m); }

}  // namespace tianmu::fleet
