// SPDX-License-Identifier: MIT
#pragma once
/// The line machinery in front of the tokenizer, in keepalived's order: raw
/// lines (include detection, multi-line `$NAME= \` definitions), then per
/// logical line: `@id` conditionals, `$NAME=` definitions, `~SEQ`/`~LST`
/// generators, `$NAME`/`${NAME}` substitution (re-run on what it produced), and
/// finally the tokenizer. Lines without `$`, `@` or `~` take a fast path that
/// allocates nothing.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"
#include "syntax/keepalived/mapped_line.hpp"
#include "syntax/keepalived/parser.hpp"
#include "syntax/keepalived/tree.hpp"

namespace havip::syntax::keepalived {

/// Reads a whole file; false with a reason (strerror text) on failure.
bool read_whole_file(const std::string& path, std::string& out, std::string& why);

/// Index of the first comment character (`#` or `!` outside double quotes and
/// not escaped), or npos.
std::size_t comment_pos(std::string_view line);

class Preprocessor {
  public:
    Preprocessor(source::SourceMap& sm, const Options& opt, diag::DiagSink& sink, TreeBuilder& tree)
        : sm_(sm), opt_(opt), sink_(sink), tree_(tree) {}

    /// Processes a file already added to the source map as the root.
    void run(source::FileId root);

  private:
    struct FileCtx {
        source::FileId id;
        std::string dir;  // directory as written, for relative includes
        unsigned depth;
    };
    struct Def {
        std::string value;
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using DefMap = std::unordered_map<std::string, Def, StringHash, std::equal_to<>>;

    void read_file(const FileCtx& ctx);
    bool try_include(std::string_view line, std::uint32_t pos, const FileCtx& ctx);
    std::size_t multiline_definition(const std::string& text, std::size_t pos, std::size_t end, const FileCtx& ctx);
    void logical(const MappedLine& line, const FileCtx& ctx, unsigned depth);
    void generator(const MappedLine& line, std::size_t at, const FileCtx& ctx, unsigned depth);
    bool substitute(const MappedLine& line, const FileCtx& ctx, MappedLine& out);
    bool builtin(std::string_view body, source::Span at, const FileCtx& ctx, bool in_quotes, std::string& out);
    bool keep_conditional(std::string_view id, bool negate) const;
    void emit(const MappedLine& line);
    static std::string pwd_of(const FileCtx& ctx, const source::SourceMap& sm);
    bool count_generated(source::Span at);
    void define(std::string_view name, std::string value) { defs_[std::string(name)] = Def{std::move(value)}; }
    void warn_undefined(source::Span at, std::string_view ref);

    source::SourceMap& sm_;
    const Options& opt_;
    diag::DiagSink& sink_;
    TreeBuilder& tree_;
    DefMap defs_;
    /// Files being read, outermost first; their canonical paths are computed
    /// only when an include needs them (realpath costs a syscall per component).
    struct Active {
        std::string path;
        std::string canon;
    };
    std::vector<Active> active_;
    std::size_t generated_ = 0;
    bool stopped_ = false;           // expansion budget exhausted
    bool abandon_line_ = false;      // the current file line's expansion ran away
    std::size_t included_ = 0;       // files read by includes (kMaxIncludedFiles)
    bool includes_stopped_ = false;  // include budget exhausted
    std::unordered_set<std::uint64_t> warned_;
};

}  // namespace havip::syntax::keepalived
