// SPDX-License-Identifier: Apache-2.0
#pragma once

// What rule-set and plan files share: a preset name or a file path, and JSON
// with comments. Both report problems as E301 naming the document.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace siting::detail {

// The text of `name_or_path` when it names a file (an existing one, or a value
// holding '/' or '.'); nullopt for a preset name. Throws Error(E301) "cannot
// read the <what> file".
std::optional<std::string> document_file_text(const std::string& name_or_path, const std::string& what);

// JSON with // and /* */ comments. Throws Error(E301) naming `origin` on bad
// JSON and on numbers beyond a double (1e999).
nlohmann::json parse_json_document(const std::string& text, const std::string& origin);

}  // namespace siting::detail
