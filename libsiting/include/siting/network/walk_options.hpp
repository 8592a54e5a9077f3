// SPDX-License-Identifier: Apache-2.0
#pragma once

// How far people walk: the service-circle tiers in minutes, the walking speed,
// and how far from the street a facility or parcel may lie. The command line,
// the TOML config, rule sets, the review and the bench all take these values
// through one check (validate) and turn minutes into metres in one place
// (budget_m).
//
//   WalkOptions w;
//   w.minutes = {5, 10, 15};
//   w.speed_m_per_s = 0.9;
//   w.validate();                 // Error(E001) naming the option and its range
//   double circle = w.budget_m(); // 15 x 60 x 0.9 = 810 m

#include <cstddef>
#include <string>
#include <vector>

#include "siting/error.hpp"
#include "siting/options.hpp"

namespace siting::network {

// Ranges (docs/user-guide.md#option-ranges). 180 minutes at 5 m/s is 54 km:
// beyond that a "walk" is no longer a walk, and larger values only make the
// search and the service-area polygons run away.
constexpr Range kMinutesRange{0.0, 180.0, true, "min"};
constexpr std::size_t kMaxTiers = 10;
constexpr Range kSpeedRange{0.0, 5.0, true, "m/s"};
constexpr Range kMaxSnapRange{0.0, 5000.0, false, "m"};

struct WalkOptions {
  // Service-circle tiers in minutes: 1 to 10 of them, each in (0, 180],
  // strictly increasing; the last is the service circle. Default 5, 10, 15.
  std::vector<double> minutes{5, 10, 15};
  // Walking speed in m/s, (0, 5]. Default 0.9 (an older person).
  double speed_m_per_s = 0.9;
  // Facilities and parcels farther than this from every walkable street are
  // off the network; metres, [0, 5000]. Default 100.
  double max_snap_m = 100.0;

  // Throws Error(E001) naming the command-line option (--minutes, --speed,
  // --max-snap), its range and the value given.
  void validate() const;
  // The distance walkable within tier `tier` (index into minutes):
  // minutes x 60 x speed, in metres.
  double budget_m(std::size_t tier) const;
  // The service circle's budget (the last tier's).
  double budget_m() const { return budget_m(minutes.size() - 1); }
};

// "1 to 10 tiers, each in (0, 180] min and strictly increasing, e.g. 5,10,15".
std::string minutes_rule();
// The tier rule of WalkOptions::validate for a list named otherwise (a rule
// set's coverage.minutes, with E301): 1 to kMaxTiers values in kMinutesRange,
// strictly increasing. Throws Error(code, "NAME must ...", where).
void check_minutes(const std::string& name, const std::vector<double>& minutes, ErrorCode code = ErrorCode::Usage,
                   const ErrorContext& where = {});

}  // namespace siting::network
