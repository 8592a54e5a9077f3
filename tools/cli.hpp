// SPDX-License-Identifier: Apache-2.0
#pragma once

// The `siting` command line as an object: every command and option, the TOML
// --config reader, and the checks that turn the parsed flags into one job's
// options. main() (siting.cpp) parses with it and runs the job; the --config
// fuzz harness (tests/fuzz) parses with it and stops before any job runs.
//
//   cli::SitingCli cli;
//   cli.app().parse(argc, argv);                 // throws CLI::ParseError
//   const cli::Request r = cli.request();        // throws Error(E001)

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "siting/jobs/access.hpp"
#include "siting/jobs/check.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/review.hpp"
#include "siting/jobs/shard.hpp"
#include "siting/jobs/site.hpp"
#include "siting/jobs/sweep.hpp"
#include "siting/log.hpp"

namespace siting::cli {

// The command given and its options, checked, ready for the job.
struct Request {
  enum class Command { Check, Coverage, Review, Site, Rules, Plans, Fields, Layers, Access, Shard, Merge, Sweep, SweepMerge };
  Command command = Command::Check;
  jobs::CheckOptions check;
  jobs::CoverageJobOptions coverage;
  jobs::ReviewJobOptions review;
  jobs::SiteJobOptions site;
  jobs::AccessJobOptions access;
  jobs::ShardPlanOptions shard;
  jobs::MergeOptions merge;
  jobs::SweepOptions sweep;
  jobs::SweepMergeOptions sweep_merge;
  std::string preset;   // siting rules [NAME], siting plans [NAME]
  std::string dataset;  // siting layers DATASET
};

class SitingCli {
 public:
  SitingCli();
  ~SitingCli();
  SitingCli(const SitingCli&) = delete;
  SitingCli& operator=(const SitingCli&) = delete;

  // The CLI11 app, to parse with (it holds references into this object).
  CLI::App& app();
  // After a parse: --quiet / --verbose as a log level.
  LogLevel log_level() const;
  // After a parse: the job's options from the flags, every value checked.
  // Throws Error(E001).
  Request request() const;

 private:
  struct Flags;
  std::unique_ptr<Flags> flags_;
};

}  // namespace siting::cli
