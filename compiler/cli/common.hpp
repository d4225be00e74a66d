// SPDX-License-Identifier: MIT
#pragma once
/// What havip-lint and havip-compile share: the input and policy options, reading
/// the inputs into a Fleet, running the rules, rendering and the exit code.
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "driver/driver.hpp"
#include "lint/lint.hpp"

namespace havip::cli {

inline constexpr const char* kVersion = "0.1.0";

struct CommonOptions {
    std::vector<std::string> inputs;
    std::vector<std::string> subnets;
    std::string inventory;
    std::string target_keepalived;
    std::string config_id;
    std::vector<std::string> ignore;
    std::vector<std::string> severity;  ///< CODE=level
    std::string failure_threshold;      ///< error|warning|info
    bool werror = false;
    bool no_policy = false;
    bool havipd = false;         ///< also raise HV3xx
    std::string color = "auto";  ///< auto|always|never
    std::string node;            ///< --node (single .conf input)
    int havip_per_eni = 5;       ///< HV104's limit where the inventory sets none
    bool check_scripts = false;  ///< HV206 also checks script files on this host
    long max_findings = -1;      ///< --max-findings; -1: the defaults below
    std::string config;          ///< --config: the policy file (instead of searching)
    std::string stdin_filename;  ///< --stdin-filename: the name of `-`
    unsigned jobs = 0;           ///< --jobs: threads (0: one per core); the output never depends on it
};

/// Findings shown per file and per run unless --max-findings says otherwise
/// (N sets both; 0 removes both). The rest are counted, and the output ends
/// with "N more not shown".
inline constexpr std::size_t kDefaultMaxPerFile = 100;
inline constexpr std::size_t kDefaultMaxPerRun = 1000;
/// Longest message, label, note or help of one finding, in bytes.
inline constexpr std::size_t kMaxFindingText = 1024;

/// The program's name in its own messages ("havip-lint", "havip-compile").
void set_program(const char* name);
const char* program();
/// Prints "PROGRAM: msg" on stderr and returns 2 (usage or I/O error).
int usage(const std::string& msg);

void add_common_options(CLI::App& app, CommonOptions& o);

/// One invocation's state.
struct Session {
    driver::Workspace ws;
    lint::Options lint;
    lint::Policy policy;
    diag::DiagList findings;  ///< front end + rules, after policy, sorted, capped
    std::size_t per_file = kDefaultMaxPerFile, per_run = kDefaultMaxPerRun;  ///< 0: no cap
    std::size_t omitted = 0;                                                 ///< counted but not shown (past the caps)
    std::string io_error;             ///< an input that could not be read (exit 2)
    std::vector<std::string> inputs;  ///< the files read, named as in findings (`-` as --stdin-filename)
};

/// Collects inputs, reads policy and inventory, loads every file. Returns 0 or 2 (usage/I/O, printed).
int prepare(const CommonOptions& o, Session& s);
/// Runs the rules and merges them with the front end's findings into s.findings.
void run_lint(const CommonOptions& o, Session& s);
/// Renders s.findings in `format` (human, gnu, json, sarif, github, gitlab, junit).
void render(std::ostream& os, const std::string& format, const Session& s, bool color);
/// Renders as above with summary control (-q) for the human format.
void render(std::ostream& os, const std::string& format, const Session& s, bool color, bool summary);
/// 2 when an input could not be read (printed), 1 when a finding is at or
/// above the failure threshold, else 0.
int exit_code(const Session& s);
bool use_color(const CommonOptions& o, int fd);
void print_rule_list(std::ostream& os);

/// Flushes standard output and checks every write to it succeeded; on a
/// failure prints why and returns 2, else returns rc. Every program ends
/// through it, so `> /dev/full` is an error, never a silent success.
int finish(int rc);

}  // namespace havip::cli
