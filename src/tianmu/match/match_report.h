// The supply–demand match as one self-contained HTML page (`tianmu match --out report.html`):
// per demand, the ranking and every requirement's margin, linking the demand file and each
// profile's certification run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/match/demand_match.h"

namespace tianmu::match {

/// The page for `matches`; links to files are relative to `page_dir` (where the page is written)
/// when both lie under the same top-level directory, so the page and the runs can move together;
/// absolute otherwise.
std::string MatchReportHtml(const std::vector<DemandMatch>& matches,
                            const std::filesystem::path& page_dir);

}  // namespace tianmu::match
