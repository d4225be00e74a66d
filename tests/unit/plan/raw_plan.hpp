// SPDX-License-Identifier: MIT
#pragma once
// A plan taken apart into its sections and put back together, so corruption
// tests can lie in one field and still present a valid checksum, size and
// table (the loader must then catch the lie itself).
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "plan/format.hpp"

namespace havip::plan_test {

struct RawSection {
    std::uint8_t id = 0, flags = 0, record_size = 0;
    std::uint32_t count = 0;
    std::vector<std::byte> body;
    /// When set, the table states these instead of the truth (a lie the
    /// checksum does not catch).
    std::optional<std::uint32_t> table_count, table_offset;
};

struct RawPlan {
    std::array<std::byte, plan::kHeaderSize> header{};
    std::vector<RawSection> sections;

    /// Takes a well-formed plan apart (the writer's output).
    static RawPlan parse(const std::vector<std::byte>& b) {
        RawPlan r;
        std::copy(b.begin(), b.begin() + plan::kHeaderSize, r.header.begin());
        const std::size_t n = plan::get_u8(&b[plan::header::section_count]);
        std::size_t pos = plan::kHeaderSize;
        std::vector<std::uint32_t> offsets;
        for (std::size_t i = 0; i < n; ++i) {
            RawSection s;
            s.id = plan::get_u8(&b[pos]);
            s.flags = plan::get_u8(&b[pos + 1]);
            s.record_size = plan::get_u8(&b[pos + 2]);
            pos += 3;
            std::uint32_t off = 0;
            pos += plan::get_varint(std::span(b).subspan(pos), s.count);
            pos += plan::get_varint(std::span(b).subspan(pos), off);
            offsets.push_back(off);
            r.sections.push_back(s);
        }
        for (std::size_t i = 0; i < n; ++i) {
            auto& s = r.sections[i];
            const auto begin = b.begin() + offsets[i];
            s.body.assign(begin, begin + static_cast<std::ptrdiff_t>(s.count * s.record_size));
        }
        return r;
    }

    /// Inserts a section before index `pos` (the end when pos >= size).
    RawSection& insert(std::size_t pos, RawSection s) {
        pos = std::min(pos, sections.size());
        return *sections.insert(sections.begin() + static_cast<std::ptrdiff_t>(pos), std::move(s));
    }

    RawSection* find(plan::SectionId id) {
        for (auto& s : sections)
            if (s.id == static_cast<std::uint8_t>(id)) return &s;
        return nullptr;
    }

    /// Stores a known section at its full record layout (so any field can be
    /// edited), padding each record with the zeros the loader would assume.
    RawSection& widen(plan::SectionId id, std::size_t size = 0) {
        RawSection& s = *find(id);
        const std::size_t full = size ? size : plan::record_size(id);
        if (s.record_size >= full) return s;
        std::vector<std::byte> body;
        for (std::uint32_t r = 0; r < s.count; ++r) {
            const auto b = s.body.begin() + static_cast<std::ptrdiff_t>(r * s.record_size);
            body.insert(body.end(), b, b + s.record_size);
            body.insert(body.end(), full - s.record_size, std::byte{0});
        }
        s.body = std::move(body);
        s.record_size = static_cast<std::uint8_t>(full);
        return s;
    }

    /// Field `off` of record `rec` of a widened section.
    std::byte* field(plan::SectionId id, std::size_t rec, std::size_t off) {
        RawSection& s = widen(id);
        return &s.body[rec * s.record_size + off];
    }

    /// Reassembles with a correct table, total size and checksum.
    std::vector<std::byte> build() const {
        std::vector<std::byte> tab;
        std::size_t table = 0;
        for (int round = 0; round < 8; ++round) {
            tab.clear();
            auto off = static_cast<std::uint32_t>(plan::kHeaderSize + table);
            for (const auto& s : sections) {
                std::byte v[5];
                tab.push_back(std::byte{s.id});
                tab.push_back(std::byte{s.flags});
                tab.push_back(std::byte{s.record_size});
                tab.insert(tab.end(), v, v + plan::put_varint(v, s.table_count.value_or(s.count)));
                tab.insert(tab.end(), v, v + plan::put_varint(v, s.table_offset.value_or(off)));
                off += static_cast<std::uint32_t>(s.body.size());
            }
            if (tab.size() == table) break;
            table = tab.size();
        }
        std::vector<std::byte> out(header.begin(), header.end());
        out[plan::header::section_count] = static_cast<std::byte>(sections.size());
        out.insert(out.end(), tab.begin(), tab.end());
        for (const auto& s : sections) out.insert(out.end(), s.body.begin(), s.body.end());
        plan::put_u32(&out[plan::header::total_size], static_cast<std::uint32_t>(out.size()));
        fix_checksum(out);
        return out;
    }

    static void fix_checksum(std::vector<std::byte>& b) {
        plan::put_u32(&b[plan::header::checksum], plan::plan_checksum(b));
    }
};

}  // namespace havip::plan_test
