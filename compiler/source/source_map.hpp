// SPDX-License-Identifier: MIT
#pragma once
/// Source files, spans and the include stack. Every later stage points into the
/// original bytes through a Span; line and column are computed only to render.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace havip::source {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

/// A byte range [begin, end) of one original file. Text produced by expansion
/// ($VAR, ~SEQ) carries the span of the reference that produced it.
struct Span {
    FileId file = kNoFile;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    bool valid() const { return file != kNoFile; }
    friend bool operator==(const Span&, const Span&) = default;
};

/// 1-based line and column (column counts bytes).
struct LineCol {
    std::uint32_t line = 0;
    std::uint32_t col = 0;
};

struct SourceFile {
    std::string path;                        ///< as the user or the include named it
    std::string text;                        ///< the bytes, unchanged
    std::optional<Span> included_from;       ///< the `include` statement that pulled it in
    std::vector<std::uint32_t> line_starts;  ///< offsets of line starts, computed on add

    /// Set while the text is let go (SourceMap::release_text): the length and
    /// hash it had, so that reading it back can tell the same bytes.
    std::atomic<bool> released{false};
    std::size_t released_size = 0;
    std::uint64_t released_hash = 0;
};

/// Owns every file read by one invocation. FileIds index into it and stay valid.
/// A map may start at another id than 0 (`SourceMap(first)`): one input read on
/// its own thread numbers its files from where they will sit in the whole run,
/// and `append` then moves them over unchanged.
class SourceMap {
  public:
    SourceMap() = default;
    explicit SourceMap(FileId first) : first_(first) {}
    FileId add(std::string path, std::string text, std::optional<Span> included_from = {});
    /// The file `id`; a file whose text was released is read back first.
    const SourceFile& file(FileId id) const { return loaded(*files_[id - first_]); }
    /// One past the last id (the id the next add returns).
    std::size_t size() const { return first_ + files_.size(); }
    FileId first() const { return first_; }
    /// Moves every file of `other` (which must start at size()) to the end of this map.
    void append(SourceMap&& other);

    LineCol line_col(FileId id, std::uint32_t offset) const;
    LineCol begin_of(Span s) const { return line_col(s.file, s.begin); }
    /// The text of line `line` (1-based) without its newline.
    std::string_view line_text(FileId id, std::uint32_t line) const;
    std::string_view text(Span s) const;

    /// Lets go of the text and line table of every file of this map, keeping
    /// path and origin: a large run holds only the texts it shows. Every file
    /// must have been read from disk at its path (not standard input). Any use
    /// of a file reads it back (once; safe from several threads); a file whose
    /// bytes changed since is read back empty and counted in changed_files().
    /// Not while another thread uses the map.
    void release_text();
    /// Paths of the released files that no longer held the bytes first read.
    std::vector<std::string> changed_files() const;

  private:
    const SourceFile& loaded(SourceFile& f) const {
        if (f.released.load(std::memory_order_acquire)) read_back(f);
        return f;
    }
    void read_back(SourceFile& f) const;

    FileId first_ = 0;
    std::vector<std::unique_ptr<SourceFile>> files_;
    mutable std::vector<std::string> changed_;  ///< see changed_files()
};

}  // namespace havip::source
