// SPDX-License-Identifier: Apache-2.0
#include "siting/error.hpp"

#include <cstdio>

#include "detail/text.hpp"

namespace siting {

std::string code_name(ErrorCode code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "E%03d", static_cast<int>(code));
  return buf;
}

int exit_code(ErrorCode code) {
  // One exit code per kind of failure; 0 is success and 1 a failed verdict.
  switch (code) {
    case ErrorCode::Usage: return 2;
    case ErrorCode::OpenFailed: return 3;
    case ErrorCode::UnknownLayer: return 4;
    case ErrorCode::EmptyLayer: return 5;
    case ErrorCode::MissingField: return 6;
    case ErrorCode::BadValue: return 7;
    case ErrorCode::WrongGeometry: return 8;
    case ErrorCode::InvalidGeometry: return 9;
    case ErrorCode::BadReference: return 10;
    case ErrorCode::MissingCrs: return 11;
    case ErrorCode::BadCrs: return 12;
    case ErrorCode::BadRules: return 13;
    case ErrorCode::OutputFailed: return 14;
    case ErrorCode::Internal: return 15;
    case ErrorCode::OutputConflict: return 16;  // added after E501's 15; codes never move
    case ErrorCode::Shards: return 17;
  }
  return 15;
}

std::string printable(const std::string& text, std::size_t max_bytes) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t n = detail::utf8_char_length(text, i);
    std::string piece;
    if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F) && c != '\n' && c != '\t' && c != '\r')) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      piece = buf;
    } else {
      piece.assign(text, i, n);
    }
    if (max_bytes > 0 && out.size() + piece.size() > max_bytes) return out + "…";
    out += piece;
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::string in_quotes(const std::string& value) { return "\"" + printable(value, 80) + "\""; }

namespace {

std::string format(ErrorCode code, const std::string& detail, const ErrorContext& where) {
  std::string out = code_name(code) + ": ";
  std::string place;
  auto add = [&place](const std::string& label, const std::string& value) {
    if (value.empty()) return;
    if (!place.empty()) place += ", ";
    place += label + value;
  };
  add("", where.file);
  add("layer ", where.layer);
  add("feature ", where.feature);
  add("field ", where.field);
  if (!place.empty()) out += place + ": ";
  out += detail;
  // Never raw binary, whatever a value or a driver said.
  out = printable(out);
  // One line per error, whatever a driver said (libpq's messages span lines).
  std::string line;
  bool blank = false;
  for (char c : out) {
    const bool ws = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (ws && blank) continue;
    line += ws ? ' ' : c;
    blank = ws;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

Error::Error(ErrorCode code, const std::string& detail, ErrorContext where)
    : std::runtime_error(format(code, detail, where)),
      code_(code),
      detail_(detail),
      where_(std::move(where)) {}

}  // namespace siting
