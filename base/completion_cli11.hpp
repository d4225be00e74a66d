// SPDX-License-Identifier: MIT
#pragma once
/// A program's completion table taken from its own CLI11 App, and the hidden
/// `--completion SHELL` option every CLI11 program has (the build runs it to
/// write the scripts it installs). Only programs' main code includes this
/// header (CLI11's homes, see the layering test).
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "base/completion.hpp"

namespace havip::base {

/// The visible options of `app` (a hidden option, group "", is left out).
inline std::vector<CompletionOption> completion_options(CLI::App& app) {
    std::vector<CompletionOption> out;
    for (CLI::Option* o : app.get_options()) {
        if (o->get_positional() || o->get_group().empty()) continue;
        CompletionOption c;
        c.longs = o->get_lnames();
        c.shorts = o->get_snames();
        c.takes_value = o->get_items_expected_max() > 0;
        c.help = o->get_description();
        for (int i = 0;; ++i) {
            CLI::Validator* v = nullptr;
            try {
                v = o->get_validator(i);
            } catch (const CLI::OptionNotFound&) {
                break;
            }
            if (!v) break;
            // IsMember describes itself as {a,b,c}.
            std::string d = v->get_description();
            if (d.size() >= 2 && d.front() == '{' && d.back() == '}') {
                std::string item;
                for (char ch : d.substr(1, d.size() - 2)) {
                    if (ch == ',') {
                        c.choices.push_back(item);
                        item.clear();
                    } else {
                        item += ch;
                    }
                }
                if (!item.empty()) c.choices.push_back(item);
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

/// Adds the hidden `--completion SHELL` option; after parsing, call
/// print_completion() and exit 0 when it returns true.
inline CLI::Option* add_completion_option(CLI::App& app, std::string& shell) {
    return app.add_option("--completion", shell, "print a completion script for SHELL and exit")
        ->check(CLI::IsMember({"bash", "zsh", "fish"}))
        ->group("");
}

inline bool print_completion(std::ostream& os, CLI::App& app, const std::string& program, const std::string& shell) {
    if (shell.empty()) return false;
    ScriptText t;
    const bool ok = write_completion(t, shell, program, completion_options(app));
    os << t.text;
    return ok;
}

}  // namespace havip::base
