// SPDX-License-Identifier: Apache-2.0
#pragma once

// What rule-set and plan files share: a preset name or a file path, and JSON
// with comments. Both report problems as E301 naming the document.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace siting::detail {

// The text of `name_or_path` when it names a file (an existing one, or a value
// holding '/' or '.'); nullopt for a preset name. Throws Error(E301) "cannot
// read the <what> file".
std::optional<std::string> document_file_text(const std::string& name_or_path, const std::string& what);

// JSON with // and /* */ comments. Throws Error(E301) naming `origin` on bad
// JSON and on numbers beyond a double (1e999).
nlohmann::json parse_json_document(const std::string& text, const std::string& origin);

// The presets of one kind (rule sets, plans), embedded in the library by
// cmake/embed_presets.cmake, sorted by name.
struct EmbeddedPreset {
  const char* name;
  const unsigned char* data;
  std::size_t size;
};
struct PresetTable {
  const EmbeddedPreset* presets;
  std::size_t count;
};

std::vector<std::string> preset_names(const PresetTable& table);

// The preset's bytes. Throws Error(E301) "no <kind> preset named 'x' (presets:
// a, b; or give a JSON file path)".
std::string preset_text(const PresetTable& table, const std::string& name, const std::string& kind);

}  // namespace siting::detail
