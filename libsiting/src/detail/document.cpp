// SPDX-License-Identifier: Apache-2.0
#include "detail/document.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "detail/text.hpp"
#include "siting/error.hpp"

namespace siting::detail {

std::optional<std::string> document_file_text(const std::string& name_or_path, const std::string& what) {
  std::error_code ec;
  const bool looks_like_path = name_or_path.find('/') != std::string::npos ||
                               name_or_path.find('.') != std::string::npos;
  if (!std::filesystem::is_regular_file(name_or_path, ec) && !looks_like_path) return std::nullopt;
  std::ifstream in(name_or_path, std::ios::binary);
  if (!in) throw Error(ErrorCode::BadRules, "cannot read the " + what + " file", ErrorContext{name_or_path, "", "", ""});
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

nlohmann::json parse_json_document(const std::string& text, const std::string& origin) {
  try {
    return nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::BadRules, std::string("not valid JSON: ") + e.what(), ErrorContext{origin, "", "", ""});
  }
}

std::vector<std::string> preset_names(const PresetTable& table) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < table.count; ++i) out.emplace_back(table.presets[i].name);
  return out;
}

std::string preset_text(const PresetTable& table, const std::string& name, const std::string& kind) {
  for (std::size_t i = 0; i < table.count; ++i)
    if (name == table.presets[i].name)
      return std::string(reinterpret_cast<const char*>(table.presets[i].data), table.presets[i].size);
  throw Error(ErrorCode::BadRules, "no " + kind + " preset named '" + printable(name, 80) + "' (presets: " +
                                       join(preset_names(table), ", ") + "; or give a JSON file path)");
}

}  // namespace siting::detail
