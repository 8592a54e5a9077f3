// SPDX-License-Identifier: Apache-2.0
#pragma once

// report.pdf: an HTML file printed by headless Chromium (Debian's chromium),
// the same engine that shows report.html, so the PDF is what a reader prints.

#include <optional>
#include <string>

namespace siting::io {

// The browser: $SITING_CHROMIUM when set (nullopt when it is not an
// executable), else chromium, chromium-browser or google-chrome on PATH;
// nullopt when there is none.
std::optional<std::string> find_chromium();

// Prints `html_path` to `pdf_path` (A4, the page's own @page margins, no
// header or footer), offline: no network, no extensions, a throwaway profile.
// Throws Error(E401) naming the browser's exit code and its last message line
// when it fails or takes more than `timeout_s`.
void print_pdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path,
               double timeout_s = 120.0);

}  // namespace siting::io
