// SPDX-License-Identifier: MIT
// havip-lint: reads keepalived.conf / havip.toml files of a VPC and reports what
// would break a HAVIP pair. Exit: 0 clean, 1 findings at or above the threshold,
// 2 usage or I/O error.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/common.hpp"
#include "base/completion_cli11.hpp"
#include "base/heap.hpp"
#include "cli/lint_fix.hpp"
#include "diag/render.hpp"
#include "lint/lint.hpp"
#include "model/dump.hpp"

using namespace havip;

int main(int argc, char** argv) try {
    cli::set_program("havip-lint");
    CLI::App app{"havip-lint: check the keepalived.conf and havip.toml files of a VPC before deploy"};
    app.set_version_flag("--version", std::string("havip-lint ") + cli::kVersion);
    cli::CommonOptions common;
    cli::add_common_options(app, common);
    std::string format = "auto";
    std::string explain;
    bool list_rules = false, dump = false, quiet = false;
    app.add_option("--format,-f", format, "output: human, gnu, json, sarif, github, gitlab, junit (default: human)")
        ->check(CLI::IsMember({"auto", "human", "gnu", "json", "sarif", "github", "gitlab", "junit"}));
    app.add_option("--explain", explain, "print the long page of a rule code (e.g. HV101) and exit");
    app.add_flag("--list-rules", list_rules, "list every rule: code, slug, severity, summary");
    app.add_flag("--dump", dump, "print each node's model canonically in keepalived syntax");
    app.add_flag("-q,--quiet", quiet, "human format: no summary line (a clean run prints nothing)");
    cli::FixMode fix;
    app.add_flag("--fix", fix.fix,
                 "apply the certain fixes in place (one pass), then lint again; with -, print the fixed text");
    app.add_flag("--unsafe-fixes", fix.unsafe, "with --fix or --diff: apply the fixes that guess at intent too");
    app.add_flag("--diff", fix.diff,
                 "print what --fix would change as a unified diff; write nothing (exit 1: changes)");
    std::string completion;
    base::add_completion_option(app, completion);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? cli::finish(0) : 2;
    }
    if (base::print_completion(std::cout, app, "havip-lint", completion)) return cli::finish(0);

    if (!explain.empty()) {
        auto page = lint::explain(explain);
        if (!page) {
            std::cerr << "havip-lint: no rule `" << explain << "` (see --list-rules)\n";
            return 2;
        }
        std::cout << *page;
        return cli::finish(0);
    }
    if (list_rules) {
        cli::print_rule_list(std::cout);
        return cli::finish(0);
    }
    if (dump && format != "auto") return cli::usage("--dump prints keepalived syntax; it takes no --format");

    if (fix.unsafe && !fix.fix && !fix.diff) return cli::usage("--unsafe-fixes goes with --fix or --diff");
    if ((fix.fix || fix.diff) && dump)
        return cli::usage("--dump prints the model; it does not go with --fix or --diff");
    if (fix.diff && format != "auto") return cli::usage("--diff prints a unified diff; it takes no --format");
    if (fix.fix || fix.diff) {
        if (format == "auto") format = "human";
        return cli::run_fix(common, fix, format, !quiet);
    }

    // A fleet's model is built at once and kept to the end: its heap in huge
    // pages (most of the cost of building it was page faults, 32,000 of them
    // at 20,000 files).
    base::prefer_large_heap(std::size_t{512} << 20);
    // The session lives until the process ends: the kernel takes a fleet's
    // model back at once, where freeing it piece by piece costs more than
    // printing the findings (80 ms at 20,000 files). Reachable from here, so a
    // leak checker does not count it.
    static auto* const session = new cli::Session;
    cli::Session& s = *session;
    if (int rc = cli::prepare(common, s); rc != 0) return rc;
    if (dump) {
        for (const auto& n : s.ws.fleet.nodes) std::cout << "# node " << n.name << "\n" << model::dump_keepalived(n);
        for (const auto& d : s.ws.diags.items)
            if (d.code == "HV002" && !d.primary_span().valid()) return cli::finish(cli::usage(d.message));
        return cli::finish(s.ws.diags.count(diag::Severity::Error) ? 1 : 0);
    }
    cli::run_lint(common, s);
    if (!s.io_error.empty()) return cli::finish(cli::usage(s.io_error));
    if (format == "auto") format = "human";
    cli::render(std::cout, format, s, cli::use_color(common, STDOUT_FILENO), !quiet);
    return cli::finish(cli::exit_code(s));
} catch (const std::exception& e) {  // out of memory, or a library's surprise: an error, not an abort
    std::fprintf(stderr, "havip-lint: error: %s\n", e.what());
    return 2;
} catch (...) {
    std::fprintf(stderr, "havip-lint: error: unexpected exception\n");
    return 2;
}
