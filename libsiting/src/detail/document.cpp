// SPDX-License-Identifier: Apache-2.0
#include "detail/document.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

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

}  // namespace siting::detail
