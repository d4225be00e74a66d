// SPDX-License-Identifier: MIT
// Fuzz target: any bytes through the keepalived.conf front end (preprocessor,
// includes, substitution, generators, tokenizer, tree) and the id scan. Never a
// crash, a hang, an out-of-bounds read or an uncaught exception.
//
// Includes are live but confined (Options::confine_includes) to a scratch
// directory made once per process, holding files that exercise the include
// paths: plain, nested, self and mutual cycles, a glob, a directory, repeated
// includes, blocks split across files, parameter definitions and `@id` lines. The input is parsed as
// DIR/fuzz.conf, so `include a.conf` and `include *.conf` resolve there.
// Byte 0 picks the config id (none, `a`, `b`) when the input is not empty.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "diag/render.hpp"
#include "source/source_map.hpp"
#include "syntax/keepalived/parser.hpp"
#include "span_check.hpp"

namespace kp = havip::syntax::keepalived;
namespace fs = std::filesystem;

using havip::fuzz::check_span;
using havip::fuzz::check_statements;

namespace {

struct Scratch {
    std::string dir;
    Scratch() {
        std::string tmpl = (fs::temp_directory_path() / "havip-fuzz-kparse-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) std::abort();
        dir = tmpl;
        put("a.conf", "vrrp_instance A {\n  state MASTER\n  priority 100\n}\n");
        put("b.conf", "$IFACE=eth1\n@a router_id a\n@^a router_id other\ninclude a.conf\n");
        put("self.conf", "x 1\ninclude self.conf\n");
        put("m1.conf", "include m2.conf\n");
        put("m2.conf", "include m1.conf\n");
        put("conf.d/10-x.conf", "virtual_ipaddress {\n  10.0.0.1/24 dev ${IFACE}\n}\n");
        put("conf.d/20-y.conf", "~SEQ(N, 1, 3) unicast_peer { 10.0.0.$N }\n");
        put("open.conf", "vrrp_instance B {\n  state BACKUP\n");
        put("close.conf", "}\n");
        put("defs.conf", "$VIP= \\\n  virtual_ipaddress { \\\n   10.1.1.1 \\\n }\n");
        // Each file includes the next twice (64 reads: the budget itself has a unit test).
        for (int i = 0; i < 6; ++i) {
            std::string next = "r" + std::to_string(i + 1) + ".conf";
            put("r" + std::to_string(i) + ".conf", "include " + next + "\ninclude " + next + "\n");
        }
        put("r6.conf", "leaf 1\n");
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    void put(const std::string& rel, const std::string& text) const {
        fs::path p = fs::path(dir) / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
    }
};

void check_spans(const havip::source::SourceMap& sm, const havip::diag::DiagList& diags,
                 const std::vector<havip::ast::Statement>& sts) {
    for (const auto& d : diags.items)
        for (const auto& l : d.labels) check_span(sm, l.span);
    check_statements(sm, sts);
}

const Scratch& scratch() {
    static Scratch s;
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Scratch& s = scratch();
    kp::Options opt;
    opt.confine_includes = true;
    opt.getenv = [](std::string_view name) -> std::optional<std::string> {
        if (name == "HOME") return std::string("/home/fuzz");
        return std::nullopt;
    };
    std::string text(reinterpret_cast<const char*>(data), size);
    if (!text.empty()) {
        static const char* const kIds[] = {"", "a", "b"};
        opt.config_id = kIds[static_cast<unsigned char>(text[0]) % 3];
    }
    havip::source::SourceMap sm;
    havip::diag::DiagList diags;
    auto doc = kp::parse_text(sm, s.dir + "/fuzz.conf", std::move(text), opt, diags);
    // Every span lies inside the file it names, and every finding renders.
    check_spans(sm, diags, doc.statements);
    std::ostringstream out;
    havip::diag::render_human(out, sm, diags.items, {});
    return 0;
}
