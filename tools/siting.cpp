// SPDX-License-Identifier: Apache-2.0
// The `siting` command line: parses options (cli.hpp) and hands them to libsiting's jobs.

#include <iostream>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "siting/error.hpp"
#include "siting/io/layer.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/jobs/access.hpp"
#include "siting/jobs/check.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/review.hpp"
#include "siting/jobs/site.hpp"
#include "siting/indicators/plan.hpp"
#include "siting/log.hpp"
#include "siting/rules/ruleset.hpp"

namespace {

using namespace siting;

void print_fields() {
  for (io::Role role : {io::Role::Parcels, io::Role::Facilities, io::Role::Zones, io::Role::Roads, io::Role::Proposal,
                        io::Role::ProposalFacilities, io::Role::Candidates}) {
    // A proposal's facility fields are mapped with --proposal-field, like its phases'.
    const std::string option = role == io::Role::ProposalFacilities ? "proposal" : io::to_string(role);
    std::cout << io::to_string(role) << " (map with --" << option << "-field KEY=NAME):\n";
    for (const io::FieldSpec& s : io::field_specs(role)) {
      std::cout << "  " << s.key << (s.required ? " (required)" : "") << ": " << s.meaning << "\n    recognised: ";
      for (std::size_t i = 0; i < s.candidates.size(); ++i) std::cout << (i ? ", " : "") << s.candidates[i];
      std::cout << "\n";
    }
  }
}

// Prints a job's terminal summary; its exit code is the process's.
template <typename JobResult>
int finish(const JobResult& r) {
  std::cout << r.summary_text;
  return r.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  // First, before any thread starts: Ctrl-C or a kill removes the run's unfinished
  // outputs and exits 130 / 143 (docs/user-guide.md#the-output-folder).
  io::cleanup_on_signal();
#ifdef __GLIBC__
  // A batch run allocates and frees arrays of hundreds of MB (lines, graph,
  // tiles). Kept in the heap instead of returned to the kernel, they are not
  // page-faulted in again: 0.3 s of 10 s at 1M segments, no higher peak
  // (docs/performance.md). For glibc's malloc, in a build without tcmalloc
  // (CMakeLists.txt); tcmalloc keeps and reuses them itself.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  cli::SitingCli cli;
  CLI::App& app = cli.app();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 quotes the line of a --config file it cannot parse as it is: from a
    // binary file, hundreds of raw bytes. Cut to 80, escaped (the log escapes the rest).
    std::string what = e.what();
    const std::string unparsed = "INI was not able to parse ";
    if (what.rfind(unparsed, 0) == 0) what = unparsed + printable(what.substr(unparsed.size()), 80);
    log::error(code_name(ErrorCode::Usage), ": ", what, " (see siting --help)");
    return siting::exit_code(ErrorCode::Usage);
  }
  log::set_level(cli.log_level());

  try {
    const cli::Request r = cli.request();
    switch (r.command) {
      case cli::Request::Command::Check:
        return finish(jobs::run_check(r.check));
      case cli::Request::Command::Coverage:
        return finish(jobs::run_coverage(r.coverage));
      case cli::Request::Command::Review:
        return finish(jobs::run_review(r.review));
      case cli::Request::Command::Site:
        return finish(jobs::run_site(r.site));
      case cli::Request::Command::Access:
        return finish(jobs::run_access(r.access));
      case cli::Request::Command::Shard:
        return finish(jobs::run_shard_plan(r.shard));
      case cli::Request::Command::Merge:
        return finish(jobs::run_merge(r.merge));
      case cli::Request::Command::Sweep:
        return finish(jobs::run_sweep(r.sweep));
      case cli::Request::Command::SweepMerge:
        return finish(jobs::run_sweep_merge(r.sweep_merge));
      case cli::Request::Command::Rules:
        if (r.preset.empty()) {
          for (const std::string& name : rules::preset_names()) {
            const rules::RuleSet set = rules::load_rules(name);
            std::cout << name << ": " << set.title << "\n";
          }
        } else {
          std::cout << rules::preset_text(r.preset);
        }
        return 0;
      case cli::Request::Command::Plans:
        if (r.preset.empty()) {
          for (const std::string& name : indicators::plan_preset_names())
            std::cout << name << ": " << indicators::load_plan(name).title << "\n";
        } else {
          std::cout << indicators::plan_preset_text(r.preset);
        }
        return 0;
      case cli::Request::Command::Fields:
        print_fields();
        return 0;
      case cli::Request::Command::Layers:
        for (const std::string& name : io::list_layers(r.dataset)) {
          io::LayerSource s;
          s.path = r.dataset;
          s.layer = name;
          const io::VectorLayer l = io::VectorLayer::open(s);
          // Names that are not UTF-8 (a GBK Shapefile without .cpg) are shown escaped.
          std::cout << printable(name) << " (" << l.feature_count() << " features): ";
          const auto fields = l.field_names();
          for (std::size_t i = 0; i < fields.size(); ++i) std::cout << (i ? ", " : "") << printable(fields[i]);
          std::cout << "\n";
        }
        return 0;
    }
  } catch (const siting::Error& e) {
    log::error(e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    log::error(code_name(ErrorCode::Internal), ": ", e.what(), " (please report this)");
    return siting::exit_code(ErrorCode::Internal);
  }
  return 0;
}
