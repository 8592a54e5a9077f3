// SPDX-License-Identifier: Apache-2.0
#pragma once

// Every failure the user can cause has a numbered code and its own process exit
// code, so batch scripts can tell "file missing" from "bad value" without parsing
// text. The table is documented in docs/user-guide.md#exit-codes; keep them in step.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace siting {

enum class ErrorCode {
  Usage = 1,               // E001: bad command line
  OpenFailed = 101,        // E101: dataset missing or unreadable
  UnknownLayer = 102,      // E102: no such layer in the dataset
  EmptyLayer = 103,        // E103: layer has no features (after any filter)
  MissingField = 104,      // E104: a required field is not in the layer
  BadValue = 105,          // E105: a field value is missing, non-numeric, negative, unknown
  WrongGeometry = 106,     // E106: geometry type not what the role needs
  InvalidGeometry = 107,   // E107: self-intersection and the like
  BadReference = 108,      // E108: duplicate ids and other cross-feature inconsistencies
  MissingCrs = 201,        // E201: layer has no CRS and none was stated
  BadCrs = 202,            // E202: CRS unusable (not metric, unknown, cannot transform)
  BadRules = 301,          // E301: rule-set file or override invalid
  OutputFailed = 401,      // E401: cannot write outputs
  OutputConflict = 402,    // E402: --out holds a file siting did not write, under an output's name
  Internal = 501,          // E501: a bug; please report it
  Shards = 601,            // E601: a sharded run's plan or parts do not fit the run (changed inputs, missing shards)
};

// "E105" for ErrorCode::BadValue.
std::string code_name(ErrorCode code);

// The process exit code for an error (2 and up; 0 and 1 are success and verdicts).
int exit_code(ErrorCode code);

// Where an error happened. Empty parts are left out of the message.
struct ErrorContext {
  std::string file;     // dataset path as the user gave it
  std::string layer;    // layer name
  std::string feature;  // feature id as the user knows it, e.g. "id=B-07 (fid 12)"
  std::string field;    // source field name
};

// The context of an error about a whole file.
inline ErrorContext in_file(const std::string& path) {
  ErrorContext c;
  c.file = path;
  return c;
}

// Text as a message may show it: valid UTF-8 (Chinese included) is kept, while
// control bytes and bytes that are not UTF-8 become \xNN, so a message never
// carries raw binary. With max_bytes > 0, longer text is cut at a character
// boundary and ends in "…".
std::string printable(const std::string& text, std::size_t max_bytes = 0);
// A value quoted in a message: "printable(value, 80)" in double quotes.
std::string in_quotes(const std::string& value);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& detail, ErrorContext where = {});

  ErrorCode code() const noexcept { return code_; }
  int exit_code() const noexcept { return siting::exit_code(code_); }
  const ErrorContext& where() const noexcept { return where_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  ErrorCode code_;
  std::string detail_;
  ErrorContext where_;
};

}  // namespace siting
