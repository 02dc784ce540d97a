//! The programs' global allocator: mimalloc, committing memory as it is used.
//!
//! Not part of the library, which leaves the choice to the program that links it (the memory
//! test installs a counting allocator of its own). `main.rs`, `examples/stage_loop.rs` and
//! `benches/pipeline.rs` include this file, so that what is measured is what is shipped.
//!
//! A report makes and frees a few thousand small blocks, which mimalloc serves from each
//! thread's own pages: against glibc's malloc the article's report takes about 9 % less time and
//! the service answers about 6 % more requests a second (BENCHMARKS.md, "A global allocator,
//! kept"). It was measured before, and not kept, when the service ran 64 analysis threads, each
//! of which kept a heap of its own.
//!
//! One default is changed: mimalloc commits each arena in full when it reserves it, and where
//! the system allows transparent huge pages they back it, so every page touched brings in
//! 2 MiB. That doubled the RSS of an analysis (68 MB against glibc's 33 MB for a 1 MB page, 21
//! against 11 MB for the article). Committed on demand, the service's RSS under load stays
//! near glibc's (lower with 1 MB pages), and the 1 MB page's analysis peaks at 42 MB (33 MB).

#[cfg(target_os = "linux")]
use libmimalloc_sys::{mi_option_set, mi_option_t};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit`, by its place in the `mi_option_e` enumeration of mimalloc
/// 3.3.2's `mimalloc.h` (the bindings name only the stable options). A test in main.rs fails if
/// the linked mimalloc is another release.
#[cfg(target_os = "linux")]
pub(super) const ARENA_EAGER_COMMIT: mi_option_t = 4;

/// Sets the option before anything is allocated. mimalloc reserves its first arena at the
/// first allocation, which the standard library's start-up makes before `main`, and an arena's
/// commit is decided when it is reserved; hence a constructor run by the loader, ahead of it.
#[cfg(target_os = "linux")]
extern "C" fn commit_on_demand() {
    // SAFETY: `mi_option_set` writes one word of mimalloc's option table. The loader runs
    // constructors on one thread, before any thread of ours exists.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
    }
}

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static COMMIT_ON_DEMAND: extern "C" fn() = commit_on_demand;
