// SPDX-License-Identifier: MIT
// The JSON Schemas (schemas/havip.schema.json, schemas/inventory.schema.json)
// and the readers agree: every TOML example (examples/, the examples of
// man/havip.toml.5, tests/unit/syntax_toml/data/valid/) reads without findings
// and validates with a real validator (taplo, from npm, installed under the
// build directory by scripts/validate-toml.sh); every file of data/invalid/ is
// rejected by both. Skipped only where npm is absent. One test, so two ctest
// processes never race on the npm install.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

#include "syntax/toml/inventory.hpp"
#include "toml_test_util.hpp"

namespace fs = std::filesystem;
using namespace havip;

namespace {

const fs::path kSource = HAVIP_SOURCE_DIR;

int run(const std::string& cmd) {
    int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string quote(const std::string& s) {
    std::string r = "'";
    for (char c : s) r += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return r + "'";
}

bool is_inventory(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto b = line.find_first_not_of(" \t");
        if (b != std::string::npos && line.compare(b, 7, "[[vpc]]") == 0) return true;
    }
    return false;
}

/// Findings of the reader that fits the file (cluster or inventory).
std::string read_findings(const fs::path& p) {
    std::string text = test::read_text(p.string());
    source::SourceMap sm;
    diag::DiagList diags;
    if (is_inventory(text))
        (void)syntax::toml::read_inventory_text(sm, p.string(), text, diags);
    else
        (void)syntax::toml::read_cluster_text(sm, p.string(), text, diags);
    std::string out;
    for (const auto& d : diags.items) out += d.code + " " + d.message + "\n";
    return out;
}

std::vector<fs::path> toml_files(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".toml" && e.path().filename().string()[0] != '.')
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

/// The examples of the man page: `.EX` blocks whose first line is `# havip.toml`
/// (cluster files) or `# vpc.toml` (inventories), roff escapes undone.
std::vector<fs::path> man_examples(const fs::path& out_dir) {
    std::vector<fs::path> out;
    std::ifstream in(kSource / "man/havip.toml.5");
    std::string line, block;
    bool in_ex = false;
    int n = 0;
    auto unroff = [](std::string s) {
        for (auto [from, to] : {std::pair<std::string, std::string>{"\\(dq", "\""},
                                {"\\e", "\\"},
                                {"\\-", "-"},
                                {"\\&", ""},
                                {"\\(aq", "'"}})
            for (std::size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, from.size(), to);
        return s;
    };
    while (std::getline(in, line)) {
        if (line == ".EX") {
            in_ex = true;
            block.clear();
        } else if (line == ".EE" && in_ex) {
            in_ex = false;
            if (block.rfind("# havip.toml", 0) == 0 || block.rfind("# vpc.toml", 0) == 0) {
                auto p = out_dir / ("man-example-" + std::to_string(++n) + ".toml");
                std::ofstream(p) << block;
                out.push_back(p);
            }
        } else if (in_ex) {
            block += unroff(line) + "\n";
        }
    }
    return out;
}

TEST(TomlSchema, ExamplesReadCleanAndValidateAndInvalidFilesAreRejected) {
    const fs::path dir = fs::path(HAVIP_BINARY_DIR) / "tests" / "toml-schema";
    fs::create_directories(dir);

    std::vector<fs::path> valid = toml_files(kSource / "examples");
    auto data = toml_files(kSource / "tests/unit/syntax_toml/data/valid");
    valid.insert(valid.end(), data.begin(), data.end());
    auto man = man_examples(dir);
    EXPECT_GE(man.size(), 3u) << "man/havip.toml.5 has too few checked examples";
    valid.insert(valid.end(), man.begin(), man.end());
    std::vector<fs::path> invalid = toml_files(kSource / "tests/unit/syntax_toml/data/invalid");
    ASSERT_GE(valid.size(), 8u);
    ASSERT_GE(invalid.size(), 10u);

    // The readers first: they need no npm.
    for (const auto& p : valid) EXPECT_EQ(read_findings(p), "") << p;
    for (const auto& p : invalid) EXPECT_NE(read_findings(p), "") << p << " is read without findings";

    if (run("command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "npm is not installed: the schema half is skipped";
    const std::string script = (kSource / "scripts/validate-toml.sh").string();
    auto validate = [&](const std::vector<fs::path>& files, const fs::path& log) {
        std::string cmd = script + " " + quote(HAVIP_BINARY_DIR);
        for (const auto& f : files) cmd += " " + quote(f.string());
        int rc = run(cmd + " >" + quote(log.string()) + " 2>&1");
        return std::pair{rc, test::read_text(log.string())};
    };

    auto [ok_rc, ok_log] = validate(valid, dir / "valid.log");
    EXPECT_EQ(ok_rc, 0) << ok_log;
    EXPECT_NE(ok_log.find("validate-toml: " + std::to_string(valid.size()) + " files valid"), std::string::npos)
        << ok_log;

    // The validator must say no, file by file: each invalid file is named.
    auto [bad_rc, bad_log] = validate(invalid, dir / "invalid.log");
    EXPECT_EQ(bad_rc, 1) << bad_log;
    for (const auto& p : invalid)
        EXPECT_NE(bad_log.find("validate-toml: " + p.string() + " does not match"), std::string::npos)
            << p << " passes the schema\n"
            << bad_log;
}

}  // namespace

// ---- the schema, the man page and the reader name the same keys -------------------------

namespace {

/// Just enough JSON to walk a schema: objects, arrays, strings, literals.
struct Json {
    std::vector<std::pair<std::string, Json>> object;
    std::vector<Json> array;
    bool is_object = false;
    const Json* get(const std::string& k) const {
        for (const auto& [key, v] : object)
            if (key == k) return &v;
        return nullptr;
    }
};

struct JsonReader {
    std::string_view s;
    std::size_t i = 0;
    bool ok = true;
    void ws() {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    }
    std::string str() {
        std::string out;
        ++i;  // opening quote
        while (i < s.size() && s[i] != '"') {
            if (s[i] == '\\') ++i;
            if (i < s.size()) out += s[i++];
        }
        ++i;
        return out;
    }
    Json value() {
        Json v;
        ws();
        if (i >= s.size()) {
            ok = false;
        } else if (s[i] == '{') {
            v.is_object = true;
            ++i;
            for (ws(); ok && i < s.size() && s[i] != '}'; ws()) {
                if (s[i] == ',') {
                    ++i;
                    continue;
                }
                std::string k = str();
                ws();
                if (i >= s.size() || s[i++] != ':') ok = false;
                v.object.emplace_back(std::move(k), value());
            }
            ++i;
        } else if (s[i] == '[') {
            ++i;
            for (ws(); ok && i < s.size() && s[i] != ']'; ws()) {
                if (s[i] == ',') {
                    ++i;
                    continue;
                }
                v.array.push_back(value());
            }
            ++i;
        } else if (s[i] == '"') {
            str();
        } else {
            while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
        }
        return v;
    }
};

/// Every key named under a "properties" object anywhere in the schema.
void property_names(const Json& v, std::set<std::string>& out) {
    if (const Json* p = v.get("properties"))
        for (const auto& [k, sub] : p->object) out.insert(k);
    for (const auto& [k, sub] : v.object) property_names(sub, out);
    for (const auto& e : v.array) property_names(e, out);
}

}  // namespace

TEST(TomlSchema, ManPageDocumentsEveryKeyOfTheSchema) {
    const std::string text = test::read_text((kSource / "schemas/havip.schema.json").string());
    JsonReader r{text};
    Json schema = r.value();
    ASSERT_TRUE(r.ok && schema.is_object);
    std::set<std::string> keys;
    property_names(schema, keys);
    ASSERT_GE(keys.size(), 50u);
    std::string man = test::read_text((kSource / "man/havip.toml.5").string());
    for (const auto& k : keys) {
        bool documented =
            man.find(".B " + k + "\n") != std::string::npos || man.find(".BR " + k + " ") != std::string::npos ||
            man.find(".BR " + k + ",") != std::string::npos || man.find(", \" " + k + " ") != std::string::npos ||
            man.find(", \" " + k + "\n") != std::string::npos || man.find("\\fB" + k + "\\fR") != std::string::npos ||
            man.find(".SS [" + k + "]\n") != std::string::npos;
        EXPECT_TRUE(documented) << "`" << k << "` is in the schema but not in man/havip.toml.5";
    }
    // The every-key file uses every key of the cluster level and of [[node]]: the
    // reader accepts them (no HV003 above) and the schema allows them (taplo above).
    std::string every = test::read_text((kSource / "tests/unit/syntax_toml/data/valid/every_key.toml").string());
    for (const char* k :
         {"name",           "instance", "mode",    "router_id", "version",   "advert_int",    "subnet",
          "interface",      "priority", "vips",    "multicast", "nopreempt", "preempt_delay", "vmac",
          "vmac_xmit_base", "[auth]",   "[garp]",  "[notify]",  "[track]",   "[script.",      "[global]",
          "[extra]",        "[[node]]", "address", "state",     "peers"})
        EXPECT_NE(every.find(k), std::string::npos) << k;
}
