// SPDX-License-Identifier: MIT
#pragma once
// Test helpers: parse text or files, dump the tree compactly, render diagnostics.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "diag/render.hpp"
#include "syntax/keepalived/parser.hpp"

namespace kp = havip::syntax::keepalived;

namespace testutil {

/// `kw a "b" { child; child }`; statements separated by "; ".
inline void dump_into(std::string& out, const std::vector<havip::ast::Statement>& sts) {
    bool first = true;
    for (const auto& s : sts) {
        if (!first) out += "; ";
        first = false;
        out += s.keyword;
        for (const auto& a : s.args) {
            out += ' ';
            if (a.quoted)
                out += '"' + a.text + '"';
            else
                out += a.text;
        }
        if (s.is_block) {
            out += " {";
            if (!s.children.empty()) {
                out += ' ';
                dump_into(out, s.children);
            }
            out += " }";
        }
    }
}

inline std::string dump(const havip::ast::Document& d) {
    std::string out;
    dump_into(out, d.statements);
    return out;
}

struct Parsed {
    havip::source::SourceMap sm;
    havip::diag::DiagList diags;
    havip::ast::Document doc;

    std::string tree() const { return dump(doc); }
    std::string gnu() const {
        std::ostringstream os;
        havip::diag::render_gnu(os, sm, diags.items);
        return os.str();
    }
    std::size_t count(const char* code) const { return diags.count_code(code); }
    /// "file:line:col" of a span.
    std::string where(havip::source::Span s) const { return havip::diag::location(sm, s); }
    std::string_view text(havip::source::Span s) const { return sm.text(s); }
};

inline std::unique_ptr<Parsed> parse(std::string text, kp::Options opt = {}, std::string name = "test.conf") {
    auto p = std::make_unique<Parsed>();
    if (!opt.getenv) opt.getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    p->doc = kp::parse_text(p->sm, std::move(name), std::move(text), opt, p->diags);
    return p;
}

inline std::unique_ptr<Parsed> parse_file(const std::string& path, kp::Options opt = {}) {
    auto p = std::make_unique<Parsed>();
    p->doc = kp::parse_file(p->sm, path, opt, p->diags);
    return p;
}

/// A scratch directory removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "kparse-XXXXXX").string();
        if (::mkdtemp(tmpl.data())) path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string write(const std::string& rel, const std::string& text) const {
        std::filesystem::path p = std::filesystem::path(path_) / rel;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }

  private:
    std::string path_;
};

}  // namespace testutil
