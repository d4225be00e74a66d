// SPDX-License-Identifier: MIT
// JUnit XML, as GitLab (`artifacts:reports:junit`), Jenkins and most CI
// dashboards read it; the contract is schemas/junit.xsd.
//
//   <testsuites name="havip-lint" tests failures errors="0">
//     one <testsuite> per input file and per other file with findings (an
//     included file), in the order they were read, and one named "(no file)"
//     for findings without a place in a file;
//     in a suite, one <testcase> per finding: name "HVnnn at LINE:COL",
//     classname the file, with a <failure type="SEVERITY" message="MESSAGE">
//     whose text is the gnu line, the other locations, the notes and the help;
//     a file without findings holds one passing <testcase name="havip-lint">.
// Every finding printed is a failure; whether the run fails is the exit code's
// business (--failure-threshold). Text is XML-escaped after the renderers'
// sanitize(), so no control character or invalid UTF-8 reaches the document.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "diag/render.hpp"
#include "diag/render_util.hpp"

namespace havip::diag {
namespace {

std::string xml(std::string_view s, bool keep_newlines) {
    std::string out;
    for (char c : detail::sanitize(s, keep_newlines)) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

struct Case {
    std::string name, text;
    const Diagnostic* d;
};

}  // namespace

void render_junit(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                  std::span<const std::string> inputs) {
    constexpr source::FileId kNone = source::kNoFile;
    std::map<source::FileId, std::vector<Case>> by_file;
    std::size_t total = 0;
    for (const auto& d : ds) {
        if (d.severity == Severity::Off) continue;
        auto r = detail::resolve(sm, d.primary_span());
        Case c{d.code, {}, &d};
        std::string text;
        if (r.ok) {
            c.name += fmt::format(" at {}:{}", r.b.line, r.b.col);
            text = location(sm, d.primary_span()) + ": ";
        }
        text += fmt::format("{}: {} [{}]\n", to_string(d.severity), d.message, d.code);
        for (const auto& l : d.labels) {
            if (l.primary && l.span == d.primary_span()) continue;
            if (detail::resolve(sm, l.span).ok) text += fmt::format("{}: {}\n", location(sm, l.span), l.message);
        }
        for (const auto& n : d.notes) text += "note: " + n + "\n";
        if (!d.help.empty()) text += "help: " + d.help + "\n";
        c.text = std::move(text);
        by_file[r.ok ? r.file : kNone].push_back(std::move(c));
        ++total;
    }

    // The files that get a suite: the inputs, and any file with a finding.
    std::vector<source::FileId> files;
    std::size_t passing = 0;
    for (source::FileId f = 0; f < sm.size(); ++f) {
        const auto& path = sm.file(f).path;
        bool input = std::find(inputs.begin(), inputs.end(), path) != inputs.end();
        if (by_file.count(f))
            files.push_back(f);
        else if (input)
            files.push_back(f), ++passing;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"havip-lint\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", total + passing,
                       total);
    auto suite = [&](const std::string& name, const std::vector<Case>* cases) {
        std::size_t n = cases ? cases->size() : 0;
        out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                           xml(name, false), n ? n : 1, n);
        if (!cases) {
            out += fmt::format("    <testcase name=\"havip-lint\" classname=\"{}\"/>\n", xml(name, false));
        } else {
            for (const auto& c : *cases) {
                out +=
                    fmt::format("    <testcase name=\"{}\" classname=\"{}\">\n", xml(c.name, false), xml(name, false));
                out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", to_string(c.d->severity),
                                   xml(c.d->message, false), xml(c.text, true));
                out += "    </testcase>\n";
            }
        }
        out += "  </testsuite>\n";
    };
    for (source::FileId f : files) {
        auto it = by_file.find(f);
        suite(sm.file(f).path, it == by_file.end() ? nullptr : &it->second);
    }
    if (auto it = by_file.find(kNone); it != by_file.end()) suite("(no file)", &it->second);
    out += "</testsuites>\n";
    os << out;
}

}  // namespace havip::diag
