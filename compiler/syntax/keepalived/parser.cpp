// SPDX-License-Identifier: MIT
#include "syntax/keepalived/parser.hpp"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <new>

#include "syntax/keepalived/errors.hpp"
#include "syntax/keepalived/include.hpp"
#include "syntax/keepalived/preprocess.hpp"
#include "syntax/keepalived/tree.hpp"

namespace havip::syntax::keepalived {

namespace {

ast::Document run_root(source::SourceMap& sm, source::FileId root, const Options& opt, diag::DiagSink& sink) {
    ast::Document doc;
    doc.root = root;
    // Exceptions never leave the library: the only ones left are allocation
    // failures, which end the parse with what was read so far.
    try {
        TreeBuilder tree(doc, sink);
        Preprocessor pre(sm, opt, sink, tree);
        pre.run(root);
        tree.finish();
    } catch (const std::exception& e) {
        sink.report(
            diag::make("HV001", diag::Severity::Error, std::string("parse stopped: ") + e.what()).at({root, 0, 0}).d);
    }
    return doc;
}

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Collects `@id`/`@^id` ids of a file and its includes (no diagnostics: see parser.hpp).
std::string canonical(const std::string& path) {
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf)) return buf;
    return path;
}

struct Scan {
    std::string root;                 // the file scanned first
    std::vector<std::string> active;  // canonical paths of the files being read (from the first include on)
    std::size_t files = 0;            // bounded like parse_file (kMaxIncludedFiles)
    std::vector<std::string> ids;
    std::function<bool(const std::string&, std::string&, std::string&)> read;  // Options::read_file
};

/// The id of an `@id` or `@^id` line whose first non-blank is at `f` (empty for none).
std::string_view line_id(std::string_view line, std::size_t f) {
    std::size_t b = f + 1;
    if (b < line.size() && line[b] == '^') ++b;
    std::size_t e = b;
    while (e < line.size() && !blank(line[e]) && line[e] != '#' && line[e] != '!') ++e;
    return line.substr(b, e - b);
}

/// The file pattern of an `include` line (or includer, includem…) whose first
/// non-blank is at `f`, without quotes; empty for another line.
std::string include_pattern(std::string_view line, std::size_t f) {
    if (line.substr(f, 7) != "include") return {};
    std::size_t kw = f + 7;
    if (kw < line.size() && !blank(line[kw])) {
        if (kw + 1 < line.size() && std::string_view("rmwba").find(line[kw]) != std::string_view::npos &&
            blank(line[kw + 1]))
            ++kw;
        else
            return {};
    }
    std::string_view rest = line.substr(kw);
    rest = rest.substr(0, comment_pos(rest));
    std::size_t b = 0;
    while (b < rest.size() && blank(rest[b])) ++b;
    std::size_t e = b;
    while (e < rest.size() && !blank(rest[e])) ++e;
    std::string pattern(rest.substr(b, e - b));
    if (pattern.size() >= 2 && pattern.front() == '"' && pattern.back() == '"')
        pattern = pattern.substr(1, pattern.size() - 2);
    return pattern;
}

void scan_ids(const std::string& path, std::string_view text, unsigned depth, Scan& scan);

/// Scans the files `pattern` names (from `dir`); false once there are more
/// than kMaxIncludedFiles.
bool scan_include(const std::string& dir, const std::string& pattern, unsigned depth, Scan& scan) {
    // The root's own path is resolved only for a file that includes something.
    if (scan.active.empty()) scan.active.push_back(canonical(scan.root));
    for (const auto& file : resolve_include(dir, pattern).files) {
        if (++scan.files > kMaxIncludedFiles) return false;
        std::string canon = canonical(file);
        if (std::find(scan.active.begin(), scan.active.end(), canon) != scan.active.end()) continue;
        struct stat sb {};
        if (::stat(file.c_str(), &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
        std::string sub, why;
        if (!(scan.read ? scan.read(file, sub, why) : read_whole_file(file, sub, why))) continue;
        scan.active.push_back(std::move(canon));
        scan_ids(file, sub, depth + 1, scan);
        scan.active.pop_back();
    }
    return true;
}

void scan_ids(const std::string& path, std::string_view text, unsigned depth, Scan& scan) {
    std::string dir = dir_of(path);
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        std::size_t f = 0;
        while (f < line.size() && blank(line[f])) ++f;
        if (f == line.size()) continue;
        if (scan.files > kMaxIncludedFiles) return;
        if (line[f] == '@') {
            if (auto id = line_id(line, f); !id.empty()) scan.ids.emplace_back(id);
            continue;
        }
        if (depth >= 32) continue;
        std::string pattern = include_pattern(line, f);
        if (pattern.empty()) continue;
        if (!scan_include(dir, pattern, depth, scan)) return;
    }
}

}  // namespace

ast::Document parse_file(source::SourceMap& sm, const std::string& path, const Options& opt, diag::DiagSink& sink) {
    std::string text, why;
    if (!read_whole_file(path, text, why)) {
        sink.report(errors::cannot_read(path, why));
        ast::Document doc;
        return doc;
    }
    source::FileId id = sm.add(path, std::move(text));
    return run_root(sm, id, opt, sink);
}

ast::Document parse_text(source::SourceMap& sm, std::string name, std::string text, const Options& opt,
                         diag::DiagSink& sink) {
    if (text.size() > (std::size_t(1) << 30)) {
        sink.report(errors::cannot_read(name, "input larger than 1 GiB"));
        return {};
    }
    source::FileId id = sm.add(std::move(name), std::move(text));
    return run_root(sm, id, opt, sink);
}

std::vector<std::string> config_ids(const std::string& path, diag::DiagSink&) {
    std::string text, why;
    if (!read_whole_file(path, text, why)) return {};
    return config_ids_in(path, text);
}

std::vector<std::string> config_ids_in(const std::string& path, std::string_view text) {
    return config_ids_in(path, text, Options{});
}

std::vector<std::string> config_ids_in(const std::string& path, std::string_view text, const Options& opt) {
    Scan scan;
    scan.read = opt.read_file;
    try {
        scan.root = path;
        scan_ids(path, text, 0, scan);
    } catch (const std::exception&) {
        // Allocation failure: the ids found so far.
    }
    std::vector<std::string> ids = std::move(scan.ids);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

}  // namespace havip::syntax::keepalived
