// SPDX-License-Identifier: MIT
#pragma once
/// Heap settings for a batch program that builds one large model and frees
/// little of it before it exits (havip-lint over a fleet). Page faults are
/// most of the cost of building such a model on a virtual machine; a huge
/// page (2 MiB) takes one fault where small pages take 512. Best effort: a
/// kernel without transparent huge pages keeps small pages, nothing else changes.
#include <cstddef>

namespace havip::base {

/// Whether the calls below do anything: not where a sanitizer replaces the
/// allocator (its heap is its own; the settings below are glibc's).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kHeapAdvice = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kHeapAdvice = false;
#else
inline constexpr bool kHeapAdvice = true;
#endif
#else
inline constexpr bool kHeapAdvice = true;
#endif

/// Grows the heap now by `reserve` bytes of address space (memory is taken
/// only as it is touched), keeps it when blocks are freed, and asks the
/// kernel to back it with huge pages where it offers them on request.
/// Does nothing in a process with a limit on its address space or data
/// (ulimit -v, -d): the reservation would count against it.
void prefer_large_heap(std::size_t reserve);
/// Whether prefer_large_heap took effect in this process.
bool large_heap_active();

/// The same for the huge pages that lie wholly in [block, block + size), a
/// block about to be filled (larger blocks than the heap holds are mappings
/// of their own).
void prefer_large_pages(const void* block, std::size_t size);

/// The same for the heap the calling thread's allocator carves new blocks
/// from: a worker thread allocates from an arena of its own, which grows by
/// further heaps (of 64 MiB) as it fills. Cheap when repeated (a heap is
/// advised once): call it as often as a new heap may have begun, say once per
/// input a worker reads.
void prefer_large_pages_here();

}  // namespace havip::base
