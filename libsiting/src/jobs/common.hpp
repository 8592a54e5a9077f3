// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every job shares: the rule set before its stages run, and where the
// outputs go after.

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/io/database.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/readers.hpp"

#include "siting/jobs/inputs.hpp"
#include "siting/rules/ruleset.hpp"
#include "siting/shard/manifest.hpp"

namespace siting::jobs::detail {

// load_rules(name_or_path), then each override in turn.
rules::RuleSet load_rules(const std::string& name_or_path, const std::vector<std::string>& overrides);
// Logs where the rules came from and their overrides.
void log_rules(const rules::RuleSet& rules);
// Where the rule set gives demand.elderly_share: every parcel without an elderly
// count gets its residents (population, else households x persons per household)
// x the share, and every zone with a population but no elderly count gets its
// population x the share. Logs how many were derived.
void derive_elderly(Inputs& in, const rules::RuleSet& rules);

// --report: the browser that prints report.pdf ("" without --report or with
// --no-pdf). Throws Error(E401) when the PDF is asked for and there is none,
// so the run stops before any work.
std::string report_browser(bool report, bool pdf);

// --out-db: the database output for a run planning `files` (its tables'
// names), opened and checked before the work; nullptr when target is empty.
std::unique_ptr<io::DatabaseOutput> open_database(const io::DatabaseTarget& target,
                                                  const std::vector<std::string>& files);
// The database first, then the folder: a failed database commit leaves the
// folder as it was (both are transactions; the folder's commit checks every
// target before it moves anything, so it rarely fails after the database's).
void commit_outputs(io::OutputDir& out, io::DatabaseOutput* db);

// The transformation every output file takes (the working CRS to WGS 84),
// looked up in PROJ's database (25-90 ms) on a thread of its own while the
// caller goes on; the writers then take it from crs::Transform::Cached. The
// future's end waits for it; a failure is left for the writers to meet.
std::future<void> warm_output_transform(const crs::Crs& working);

// Every feature as read into a run key (a sharded run's, a sweep's): parcels,
// facilities, zones, and the roads' walkable lines while `in` still holds them.
void hash_inputs(shard::Hasher& h, const Inputs& in);
// How load_inputs reads every layer into `working`, for a layer read later with
// the same options (a sweep's candidate layers).
io::ReadOptions read_options(const InputOptions& options, const crs::Crs& working);

// One feature into a key, as hash_inputs adds it.
void hash_feature(shard::Hasher& h, const Estate& parcel);
void hash_feature(shard::Hasher& h, const Facility& facility);
void hash_feature(shard::Hasher& h, const Candidate& candidate);

}  // namespace siting::jobs::detail
