#include "tianmu/sim/perturbation.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "tianmu/core/error.h"

namespace tianmu::sim {
namespace {

const char* kForm = "t=T,body=NAME,f=FX,FY,FZ[,tau=TX,TY,TZ][,dur=D] or impulse=IX,IY,IZ";

[[noreturn]] void Fail(const std::string& text, const std::string& what) {
  throw InputError("push '" + text + "': " + what + " (form: " + kForm + ")");
}

double ParseNumber(const std::string& text, const std::string& key, const std::string& word) {
  char* end = nullptr;
  const double v = std::strtod(word.c_str(), &end);
  if (word.empty() || end != word.c_str() + word.size() || !std::isfinite(v)) {
    Fail(text, key + ": expected a finite number, got '" + word + "'");
  }
  return v;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string current;
  for (char c : s) {
    if (c == sep) {
      out.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  out.push_back(current);
  return out;
}

}  // namespace

double Perturbation::ImpulseNs() const {
  return std::sqrt(force_N[0] * force_N[0] + force_N[1] * force_N[1] + force_N[2] * force_N[2]) *
         duration_s;
}

Perturbation ParsePerturbation(const std::string& text) {
  Perturbation p;
  bool has_time = false;
  // Words after a vector key without '=' are the vector's further components.
  std::string key;
  std::vector<double>* vector = nullptr;
  std::vector<double> f_values, tau_values, impulse_values;
  for (const std::string& word : Split(text, ',')) {
    const auto eq = word.find('=');
    if (eq == std::string::npos) {
      if (vector == nullptr) Fail(text, "'" + word + "' is not key=value");
      vector->push_back(ParseNumber(text, key, word));
      continue;
    }
    key = word.substr(0, eq);
    const std::string value = word.substr(eq + 1);
    vector = nullptr;
    if (key == "t") {
      p.start_s = ParseNumber(text, key, value);
      if (p.start_s < 0) Fail(text, "t: expected a time >= 0");
      has_time = true;
    } else if (key == "dur") {
      p.duration_s = ParseNumber(text, key, value);
      if (!(p.duration_s > 0) || p.duration_s > 60) Fail(text, "dur: expected 0 < dur <= 60 s");
    } else if (key == "body") {
      if (value.empty()) Fail(text, "body: expected a body name");
      p.body = value;
    } else if (key == "f" || key == "tau" || key == "impulse") {
      vector = key == "f" ? &f_values : key == "tau" ? &tau_values : &impulse_values;
      if (!vector->empty()) Fail(text, key + ": given twice");
      vector->push_back(ParseNumber(text, key, value));
    } else {
      Fail(text, "unknown key '" + key + "'");
    }
  }
  if (!has_time) Fail(text, "t: missing");
  if (p.body.empty()) Fail(text, "body: missing");
  for (auto [name, values] : {std::pair<const char*, std::vector<double>*>{"f", &f_values},
                              {"tau", &tau_values},
                              {"impulse", &impulse_values}}) {
    if (!values->empty() && values->size() != 3) {
      Fail(text, std::string(name) + ": expected 3 components");
    }
  }
  if (!f_values.empty() && !impulse_values.empty()) Fail(text, "f= and impulse= both given");
  if (f_values.empty() && impulse_values.empty() && tau_values.empty()) {
    Fail(text, "expected exactly one of f= or impulse= (or tau=)");
  }
  for (int i = 0; i < 3; ++i) {
    if (!f_values.empty()) p.force_N[i] = f_values[i];
    if (!impulse_values.empty()) p.force_N[i] = impulse_values[i] / p.duration_s;
    if (!tau_values.empty()) p.torque_Nm[i] = tau_values[i];
  }
  return p;
}

}  // namespace tianmu::sim
