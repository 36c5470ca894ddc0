// Escaping text for XML, SVG and HTML: every generated MJCF, plot and report goes through it, so
// names and labels from users can never break (or inject into) a document.
#pragma once

#include <string>

namespace tianmu {

/// `text` with & < > " ' replaced by their entities; safe in element text and quoted attributes.
std::string XmlEscape(const std::string& text);

}  // namespace tianmu
