// SPDX-License-Identifier: Apache-2.0
#pragma once

// Matrix mode: a location problem read from CSV tables instead of a network, so
// an origin–destination matrix from any router (or a published benchmark) can
// be optimised.
//
//   od.csv      demand_id,site_id,cost        one row per reachable pair
//   demand.csv  id,weight                     (weight column name configurable)
//   sites.csv   id[,capacity][,fixed][,cost]  fixed = 1 marks an existing facility
//
// RFC 4180 CSV with a header row; column names are matched without regard to
// case or surrounding blanks; a UTF-8 byte-order mark is skipped; blank lines
// are ignored. Errors name the file, the line and the field.

#include <string>

#include "siting/location/problem.hpp"

namespace siting::location {

struct MatrixFiles {
  std::string od;      // required
  std::string demand;  // optional: "" = every demand id of the OD table with weight 1
  std::string sites;   // optional: "" = every site id of the OD table, all candidates, no capacity
  std::string weight_field = "weight";  // column of demand.csv holding the weight
};

// Throws Error: E101 (cannot open), E104 (a required column missing), E105
// (a value missing, not a number, negative or not finite; fixed not 0/1),
// E108 (duplicate id, an OD id not in demand.csv / sites.csv, a pair twice).
Problem read_matrix(const MatrixFiles& files);

}  // namespace siting::location
