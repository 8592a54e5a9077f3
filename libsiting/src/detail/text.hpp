// SPDX-License-Identifier: Apache-2.0
#pragma once

// Small string helpers shared by readers and writers.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace siting::detail {

std::string trim(const std::string& s);
// ASCII lower case; other bytes (UTF-8 Chinese) are left as they are.
std::string lower(const std::string& s);
std::string join(const std::vector<std::string>& parts, const std::string& sep);
// Text for HTML and XML (QML) content and attribute values: & < > " escaped.
std::string xml_escape(const std::string& s);
// The first `shown` parts joined by "; ", then "; and N more" for the rest of
// `total`: a long list of features in one log line or message.
std::string join_some(const std::vector<std::string>& parts, std::size_t total, std::size_t shown = 10);
// Strict decimal number: optional sign, digits, optional fraction and exponent,
// surrounding blanks allowed, nothing else. nullopt when the text is not one.
std::optional<double> parse_number(const std::string& text);
// Shortest text that reads back as the same double ("12.5", "300").
std::string format_number(double value);
// Fixed decimals ("12.50"); -0 printed as 0.
std::string format_fixed(double value, int decimals);
double round_to(double value, int decimals);

// The byte length of the well-formed UTF-8 character starting at s[i] (1 to 4;
// no overlongs, surrogates or code points above U+10FFFF), or 0 when the bytes
// there are not one.
std::size_t utf8_char_length(const std::string& s, std::size_t i);
bool is_valid_utf8(const std::string& s);
// s with each byte that is not part of a well-formed character replaced by
// U+FFFD; `replaced` (if given) receives how many were replaced.
std::string to_valid_utf8(const std::string& s, std::size_t* replaced = nullptr);

}  // namespace siting::detail
