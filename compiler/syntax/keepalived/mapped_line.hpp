// SPDX-License-Identifier: MIT
#pragma once
/// One logical line of configuration text and the map from its bytes back to
/// the original file. A line read straight from a file is a view with an
/// identity map (offset + base), so the common case allocates nothing; a line
/// made by substitution or a generator owns its text and carries pieces: a
/// literal piece maps byte for byte, an expanded piece maps as a whole to the
/// reference (`$VAR`, `~SEQ(...)`) that produced it.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_map.hpp"

namespace havip::syntax::keepalived {

struct Piece {
    std::uint32_t out = 0;        ///< first byte of the piece in the line text
    std::uint32_t src_begin = 0;  ///< original range it maps to
    std::uint32_t src_end = 0;
    bool literal = true;  ///< byte-for-byte copy of [src_begin, src_end)
};

class MappedLine {
  public:
    MappedLine() = default;
    /// A view into a file's text at offset `base`.
    MappedLine(source::FileId file, std::string_view view, std::uint32_t base)
        : file_(file), view_(view), base_(base) {}

    std::string_view text() const { return owned_ ? std::string_view(own_) : view_; }
    source::FileId file() const { return file_; }
    bool identity() const { return !owned_; }

    /// The original span of bytes [b, e) of the text.
    source::Span span(std::size_t b, std::size_t e) const {
        if (!owned_) return {file_, base_ + std::uint32_t(b), base_ + std::uint32_t(e)};
        if (pieces_.empty()) return {file_, 0, 0};
        source::Span s{file_, 0, 0};
        const Piece& pb = piece_at(b);
        s.begin = pb.literal ? std::min(pb.src_end, pb.src_begin + std::uint32_t(b - pb.out)) : pb.src_begin;
        const Piece& pe = piece_at(e > b ? e - 1 : b);
        s.end = pe.literal ? std::min(pe.src_end, pe.src_begin + std::uint32_t(e - pe.out)) : pe.src_end;
        if (s.end < s.begin) s.end = s.begin;
        return s;
    }
    source::Span span_all() const { return span(0, text().size()); }

    /// Bytes [b, e) as a line of their own, keeping the map.
    MappedLine slice(std::size_t b, std::size_t e) const {
        if (!owned_) return MappedLine(file_, view_.substr(b, e - b), base_ + std::uint32_t(b));
        MappedLine r;
        r.file_ = file_;
        r.owned_ = true;
        r.own_.assign(own_, b, e - b);
        pieces_in(b, e, 0, r.pieces_);
        if (r.pieces_.empty()) {
            source::Span at = span(b, b);
            r.pieces_.push_back({0, at.begin, at.end, false});
        }
        return r;
    }

  private:
    friend class LineBuilder;
    /// Appends to `out` the pieces of an owned line that cover bytes [b, e),
    /// clipped to them and moved to start at `at`. Pieces are sorted by `out`:
    /// a binary search finds the first, so a line with many expansions is cut
    /// in O(log n + k).
    void pieces_in(std::size_t b, std::size_t e, std::uint32_t at, std::vector<Piece>& out) const {
        auto first = std::upper_bound(pieces_.begin(), pieces_.end(), b,
                                      [](std::size_t o, const Piece& p) { return o < p.out; });
        std::size_t i = first == pieces_.begin() ? 0 : std::size_t(first - pieces_.begin()) - 1;
        for (; i < pieces_.size(); ++i) {
            const Piece& p = pieces_[i];
            if (p.out >= e) break;
            std::size_t pe = i + 1 < pieces_.size() ? pieces_[i + 1].out : own_.size();
            if (pe <= b || pe <= p.out) continue;  // before `b`, or empty
            Piece q = p;
            std::size_t from = std::max<std::size_t>(p.out, b);
            if (p.literal) q.src_begin = p.src_begin + std::uint32_t(from - p.out);
            q.out = at + std::uint32_t(from - b);
            out.push_back(q);
        }
    }
    const Piece& piece_at(std::size_t off) const {
        auto it = std::upper_bound(pieces_.begin(), pieces_.end(), off,
                                   [](std::size_t o, const Piece& p) { return o < p.out; });
        return it == pieces_.begin() ? *it : *(it - 1);
    }

    source::FileId file_ = source::kNoFile;
    std::string_view view_;
    std::uint32_t base_ = 0;
    bool owned_ = false;
    std::string own_;
    std::vector<Piece> pieces_;
};

/// Builds an owned line piece by piece.
class LineBuilder {
  public:
    explicit LineBuilder(source::FileId file) {
        line_.file_ = file;
        line_.owned_ = true;
    }
    /// Appends bytes [b, e) of `from`, keeping their map.
    void copy(const MappedLine& from, std::size_t b, std::size_t e) {
        if (e <= b) return;
        auto base = std::uint32_t(line_.own_.size());
        if (from.identity()) {
            line_.own_.append(from.view_.substr(b, e - b));
            line_.pieces_.push_back({base, from.base_ + std::uint32_t(b), from.base_ + std::uint32_t(e), true});
            return;
        }
        // Straight from the source line: no intermediate slice to allocate.
        line_.own_.append(from.own_, b, e - b);
        std::size_t n = line_.pieces_.size();
        from.pieces_in(b, e, base, line_.pieces_);
        if (line_.pieces_.size() == n) {
            source::Span at = from.span(b, b);
            line_.pieces_.push_back({base, at.begin, at.end, false});
        }
    }
    /// Appends text produced by an expansion; it maps to `origin` as a whole.
    void expand(std::string_view text, source::Span origin) {
        if (text.empty()) return;
        line_.pieces_.push_back({std::uint32_t(line_.own_.size()), origin.begin, origin.end, false});
        line_.own_.append(text);
    }
    std::size_t size() const { return line_.own_.size(); }
    MappedLine take() { return std::move(line_); }

  private:
    MappedLine line_;
};

}  // namespace havip::syntax::keepalived
