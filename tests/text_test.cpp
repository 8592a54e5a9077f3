// SPDX-License-Identifier: Apache-2.0
// Strict number parsing: what counts as a number in a text field.

#include <catch2/catch.hpp>

#include "detail/text.hpp"

using namespace siting::detail;

TEST_CASE("numbers in text fields are parsed strictly", "[text]") {
  CHECK(parse_number("120") == 120.0);
  CHECK(parse_number(" 120 ") == 120.0);
  CHECK(parse_number("-5") == -5.0);
  CHECK(parse_number("12.5") == 12.5);
  CHECK(parse_number(".5") == 0.5);
  CHECK(parse_number("1e3") == 1000.0);
  CHECK_FALSE(parse_number("abc"));
  CHECK_FALSE(parse_number("12abc"));
  CHECK_FALSE(parse_number("1,234"));
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number("nan"));
  CHECK_FALSE(parse_number("0x10"));
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("1e"));
  CHECK_FALSE(parse_number("."));
}

TEST_CASE("numbers are written short and rounded", "[text]") {
  CHECK(format_number(12.0) == "12");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_fixed(19.499999999, 2) == "19.50");
  CHECK(format_fixed(-0.001, 2) == "0.00");
  CHECK(round_to(2.675, 2) == Approx(2.68).margin(0.005));
}
