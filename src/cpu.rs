//! The processor features the program was compiled to use, checked first thing in `main`.
//!
//! On x86-64, builds target x86-64-v3 (AVX2, BMI2, FMA and the rest of the 2013 level of the
//! psABI; set in `.cargo/config.toml`), which makes the analysis about 7 % faster
//! (BENCHMARKS.md, "Processor level"). On an older processor such a program would stop at its
//! first AVX2 instruction with "Illegal instruction" and nothing to say why; it says instead
//! which features are missing and how to build for that processor. Not part of the library,
//! like the allocator: the choice is the program's.
//!
//! The features asked for are those the build enabled (`cfg!(target_feature)`), so a build
//! for the baseline (`RUSTFLAGS=` set empty) asks for nothing it does not use. Other
//! processors' builds are left as the compiler's defaults, and are not checked.

/// What `main` prints, then exits with status 2, when the processor lacks a feature the build
/// uses.
pub fn unsupported() -> Option<String> {
    let missing = missing_features();
    (!missing.is_empty()).then(|| {
        format!(
            "this build of legible needs processor features this machine lacks ({}): \
             rebuild it with `RUSTFLAGS= cargo build --release` for this processor",
            missing.join(", ")
        )
    })
}

fn missing_features() -> Vec<&'static str> {
    use std::arch::x86_64::{__cpuid, __cpuid_count};
    let (max_leaf, max_extended) = (__cpuid(0).eax, __cpuid(0x8000_0000).eax);
    let registers = Registers {
        leaf1_ecx: __cpuid(1).ecx,
        leaf7_ebx: if max_leaf >= 7 {
            __cpuid_count(7, 0).ebx
        } else {
            0
        },
        extended1_ecx: if max_extended >= 0x8000_0001 {
            __cpuid(0x8000_0001).ecx
        } else {
            0
        },
    };
    missing(&registers)
}

/// The CPUID registers that report the features of [`FEATURES`] (Intel 64 and IA-32
/// Architectures Software Developer's Manual, vol. 2A, CPUID; AMD64 Architecture Programmer's
/// Manual, vol. 3, appendix E).
struct Registers {
    /// Leaf 1, ECX.
    leaf1_ecx: u32,
    /// Leaf 7, sub-leaf 0, EBX.
    leaf7_ebx: u32,
    /// Leaf 0x8000_0001, ECX.
    extended1_ecx: u32,
}

/// Where the registers report a feature.
#[derive(Clone, Copy)]
enum Bit {
    Leaf1Ecx(u32),
    Leaf7Ebx(u32),
    Extended1Ecx(u32),
}

/// Each feature of x86-64-v2 and v3 the compiler may use, whether this build enabled it, and
/// where the processor reports it.
const FEATURES: [(&str, bool, Bit); 16] = [
    ("sse3", cfg!(target_feature = "sse3"), Bit::Leaf1Ecx(0)),
    ("ssse3", cfg!(target_feature = "ssse3"), Bit::Leaf1Ecx(9)),
    ("fma", cfg!(target_feature = "fma"), Bit::Leaf1Ecx(12)),
    (
        "cmpxchg16b",
        cfg!(target_feature = "cmpxchg16b"),
        Bit::Leaf1Ecx(13),
    ),
    ("sse4.1", cfg!(target_feature = "sse4.1"), Bit::Leaf1Ecx(19)),
    ("sse4.2", cfg!(target_feature = "sse4.2"), Bit::Leaf1Ecx(20)),
    ("movbe", cfg!(target_feature = "movbe"), Bit::Leaf1Ecx(22)),
    ("popcnt", cfg!(target_feature = "popcnt"), Bit::Leaf1Ecx(23)),
    ("xsave", cfg!(target_feature = "xsave"), Bit::Leaf1Ecx(26)),
    ("avx", cfg!(target_feature = "avx"), Bit::Leaf1Ecx(28)),
    ("f16c", cfg!(target_feature = "f16c"), Bit::Leaf1Ecx(29)),
    ("bmi1", cfg!(target_feature = "bmi1"), Bit::Leaf7Ebx(3)),
    ("avx2", cfg!(target_feature = "avx2"), Bit::Leaf7Ebx(5)),
    ("bmi2", cfg!(target_feature = "bmi2"), Bit::Leaf7Ebx(8)),
    (
        "lahfsahf",
        cfg!(target_feature = "lahfsahf"),
        Bit::Extended1Ecx(0),
    ),
    (
        "lzcnt",
        cfg!(target_feature = "lzcnt"),
        Bit::Extended1Ecx(5),
    ),
];

/// The features this build enabled that `registers` do not report.
fn missing(registers: &Registers) -> Vec<&'static str> {
    let reported = |bit: Bit| {
        let (register, bit) = match bit {
            Bit::Leaf1Ecx(bit) => (registers.leaf1_ecx, bit),
            Bit::Leaf7Ebx(bit) => (registers.leaf7_ebx, bit),
            Bit::Extended1Ecx(bit) => (registers.extended1_ecx, bit),
        };
        register >> bit & 1 == 1
    };
    FEATURES
        .iter()
        .filter(|&&(_, enabled, bit)| enabled && !reported(bit))
        .map(|&(name, _, _)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enabled() -> Vec<&'static str> {
        FEATURES.iter().filter(|f| f.1).map(|f| f.0).collect()
    }

    #[test]
    fn a_processor_reporting_nothing_lacks_every_feature_the_build_uses() {
        let none = Registers {
            leaf1_ecx: 0,
            leaf7_ebx: 0,
            extended1_ecx: 0,
        };
        assert_eq!(missing(&none), enabled());
        let all = Registers {
            leaf1_ecx: u32::MAX,
            leaf7_ebx: u32::MAX,
            extended1_ecx: u32::MAX,
        };
        assert!(missing(&all).is_empty());
    }

    #[test]
    fn each_feature_is_read_from_its_own_bit() {
        // Only AVX2's bit clear (leaf 7, EBX bit 5): AVX2 alone is missing, if the build uses it.
        let without_avx2 = Registers {
            leaf1_ecx: u32::MAX,
            leaf7_ebx: !(1 << 5),
            extended1_ecx: u32::MAX,
        };
        let expected: Vec<&str> = enabled().into_iter().filter(|&f| f == "avx2").collect();
        assert_eq!(missing(&without_avx2), expected);
        // Only LZCNT's (leaf 0x8000_0001, ECX bit 5).
        let without_lzcnt = Registers {
            leaf1_ecx: u32::MAX,
            leaf7_ebx: u32::MAX,
            extended1_ecx: !(1 << 5),
        };
        let expected: Vec<&str> = enabled().into_iter().filter(|&f| f == "lzcnt").collect();
        assert_eq!(missing(&without_lzcnt), expected);
    }

    #[test]
    fn this_machine_has_what_the_build_uses() {
        // The tests run here, so the processor has every feature they were compiled to use.
        assert_eq!(unsupported(), None);
    }
}
