// SPDX-License-Identifier: Apache-2.0
#pragma once

// `siting sweep`: many scenarios on one city. The city is read and its walking
// graph built once; each scenario (rule overrides, budgets, facilities closed or
// opened, new sites chosen by a model) is then evaluated on them, and the
// results are one comparison table (docs/user-guide.md#siting-sweep):
//
//   siting sweep OPTIONS --scenarios sweep.json --out out                 every scenario, here
//   siting sweep OPTIONS --scenarios sweep.json --tasks T --task N --out parts/task-000N
//                                                                         one batch (a Slurm array task)
//   siting merge OPTIONS --scenarios sweep.json --parts parts --out out   the batches joined
//
// OPTIONS are `siting coverage`'s (inputs, rules, --set, walking settings);
// the merge writes the same bytes as the single run.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/jobs/coverage.hpp"

namespace siting::jobs {

// One batch of a sweep: scenarios [index x S / tasks, (index + 1) x S / tasks)
// of the S in the file (rounded down), so batches differ by at most one and none
// is empty; tasks in [1, S], index in [0, tasks).
struct SweepTask {
  std::size_t tasks = 1;  // --tasks
  std::size_t index = 0;  // --task (a Slurm array's task id)
};

struct SweepOptions {
  CoverageJobOptions run;           // the city and the base settings; run.out_dir: where the files go
  std::string scenarios;            // --scenarios: the sweep file (io/scenarios.hpp)
  std::optional<SweepTask> task;    // one batch: writes part.json instead of the table
};

struct SweepMergeOptions {
  CoverageJobOptions run;  // as given to the tasks; run.out_dir: where the files go
  std::string scenarios;   // --scenarios
  std::string parts_dir;   // --parts: holds task-0000/part.json, task-0001/part.json, ...
};

// Zones of one level (street, community, ...) with households, and of those the
// ones whose households within the circle reach the target.
struct LevelTally {
  std::string level;
  std::size_t zones = 0, meeting_target = 0;
};

struct NewSite {
  std::string id, name;
  Point location;          // in the working CRS
  double marginal = 0.0;   // its objective change in rank order (households newly covered for mclp, psclp)
};

// A scenario's figures: coverage with the scenario's facilities, then with the
// new sites when it sites.
struct ScenarioOutcome {
  std::string name;
  double minutes = 0.0;  // the circle (the last tier)
  double speed_m_per_s = 0.0;
  double target_share = 0.0;
  std::size_t facilities = 0, closed = 0, opened = 0;
  double households = 0.0, households_covered = 0.0;
  double residents_covered = 0.0;
  std::optional<double> elderly_covered;  // when every parcel gives its elderly
  std::optional<bool> target_met;
  // Siting: the model and its answer, and coverage with the new sites.
  std::string model;  // empty: no siting
  std::size_t candidates = 0;
  std::vector<NewSite> new_sites;
  double objective = 0.0, bound = 0.0, gap = 0.0;
  bool proven_optimal = false;
  double households_covered_after = 0.0;
  std::optional<bool> target_met_after;
  // With the scenario's final facilities (after siting, when it sites).
  std::vector<LevelTally> levels;
};

struct SweepResult {
  int exit_code = 0;
  std::string summary_text;
  std::vector<std::string> files;
  std::vector<ScenarioOutcome> outcomes;  // those evaluated (a task's batch) or merged, in file order
};

// Throws siting::Error; nothing is written then.
SweepResult run_sweep(const SweepOptions& options);
// Checks every task reported, with the same key, and every scenario came
// exactly once (else Error(E601), nothing written); writes as run_sweep.
SweepResult run_sweep_merge(const SweepMergeOptions& options);

}  // namespace siting::jobs
