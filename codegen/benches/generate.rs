//! Generator speed and scaling, in process, from spec text to formatted files:
//!
//! - `real_specs`: every spec of `specs/`, as `cargo xtask codegen` generates them (minus
//!   the file I/O), against the bare YAML parse of the same text as baseline, and the
//!   lowering to IR alone;
//! - `synthetic`: specs of 50, 500 and 5,000 operations with twice as many schemas
//!   (`synthetic.rs`; 500 operations and 1,000 schemas is issue #4's scale), lowered and
//!   generated, each against parsing its YAML, with the cost per operation to show that
//!   it grows linearly. A spec that the generator refuses is reported, not measured.
//!
//! `cargo bench -p huaweicloud-sdk-codegen --bench generate`; the table of ratios is
//! printed at the end.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use huaweicloud_sdk_codegen::{SpecInput, generate, lower};

#[path = "../../tests/benches/report.rs"]
mod report;
#[path = "synthetic.rs"]
mod synthetic;

/// The allocator of `cargo xtask codegen`, so that the figures are the generator's as
/// maintainers run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Operations of the synthetic specs; each has twice as many schemas.
const SIZES: [usize; 3] = [50, 500, 5_000];

/// A spec file of `specs/`: (service, path as shown, text).
struct RealSpec {
    service: String,
    path: String,
    text: String,
}

fn real_specs() -> Vec<RealSpec> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs: Vec<RealSpec> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let service = name.strip_suffix(".yaml")?.to_owned();
            let text = std::fs::read_to_string(entry.path()).ok()?;
            Some(RealSpec {
                path: format!("specs/{name}"),
                service,
                text,
            })
        })
        .collect();
    specs.sort_by(|a, b| a.service.cmp(&b.service));
    assert!(!specs.is_empty(), "no spec in {}", dir.display());
    specs
}

fn input(spec: &RealSpec) -> SpecInput<'_> {
    SpecInput {
        service: &spec.service,
        path: &spec.path,
        text: &spec.text,
    }
}

fn bench_real_specs(c: &mut Criterion, specs: &[RealSpec]) {
    let mut group = c.benchmark_group("real_specs");
    group.throughput(Throughput::Elements(specs.len() as u64));
    group.bench_function("parse_yaml", |b| {
        b.iter(|| {
            for spec in specs {
                black_box(parse_yaml(black_box(&spec.text)));
            }
        })
    });
    group.bench_function("lower", |b| {
        b.iter(|| {
            for spec in specs {
                black_box(lower(black_box(&input(spec))).expect("spec lowers"));
            }
        })
    });
    group.bench_function("generate", |b| {
        b.iter(|| {
            for spec in specs {
                black_box(generate(black_box(&input(spec))).expect("spec generates"));
            }
        })
    });
    group.finish();
}

/// Benchmark the synthetic specs; the sizes the generator refuses, with its message.
fn bench_synthetic(c: &mut Criterion, specs: &[synthetic::Synthetic]) -> Vec<(usize, String)> {
    let mut refused = Vec::new();
    let mut group = c.benchmark_group("synthetic");
    // The 5,000-operation spec takes seconds per run: ten flat samples are plenty.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(100));
    for spec in specs {
        let input = SpecInput {
            service: "synthetic",
            path: "specs/synthetic.yaml",
            text: &spec.text,
        };
        // A spec the generator refuses (too large for its YAML parser's limits, say) is
        // reported, not measured.
        if let Err(error) = lower(&input) {
            refused.push((spec.operations, error.to_string()));
            continue;
        }
        group.throughput(Throughput::Elements(spec.operations as u64));
        group.bench_with_input(
            BenchmarkId::new("parse_yaml", spec.operations),
            &spec.text,
            |b, text| b.iter(|| black_box(parse_yaml(black_box(text)))),
        );
        group.bench_with_input(
            BenchmarkId::new("lower", spec.operations),
            &input,
            |b, input| b.iter(|| black_box(lower(black_box(input)).expect("spec lowers"))),
        );
        group.bench_with_input(
            BenchmarkId::new("generate", spec.operations),
            &input,
            |b, input| b.iter(|| black_box(generate(black_box(input)).expect("spec generates"))),
        );
    }
    group.finish();
    refused
}

fn summarize(
    ratios: &mut report::Ratios,
    specs: &[synthetic::Synthetic],
    refused: &[(usize, String)],
) {
    ratios.compare(
        "real specs (all of specs/), against parsing their YAML",
        &[
            ("parse YAML only (baseline)", "real_specs/parse_yaml"),
            ("lower to IR", "real_specs/lower"),
            ("generate (parse to formatted files)", "real_specs/generate"),
        ],
    );
    for spec in specs {
        ratios.note(format!(
            "synthetic spec: {} operations ({} paginated), {} schemas, {} generated types, {} KiB of YAML, {} YAML nodes",
            spec.operations,
            spec.paginated,
            spec.schemas,
            spec.types,
            spec.text.len() / 1024,
            yaml_nodes(&spec.text)
        ));
    }
    for (operations, error) in refused {
        let first_line = error.lines().next().unwrap_or_default();
        ratios.note(format!(
            "synthetic spec of {operations} operations: refused by the generator, not measured: {first_line}"
        ));
    }
    for spec in specs {
        let id = |stage: &str| format!("synthetic/{stage}/{}", spec.operations);
        let (parse, lower, generate) = (id("parse_yaml"), id("lower"), id("generate"));
        ratios.compare(
            &format!(
                "synthetic spec of {} operations, against parsing its YAML",
                spec.operations
            ),
            &[
                ("parse YAML only (baseline)", &parse),
                ("lower to IR", &lower),
                ("generate (parse to formatted files)", &generate),
            ],
        );
    }
    for stage in ["parse_yaml", "lower", "generate"] {
        let per_operation: Vec<(usize, usize, f64)> = specs
            .iter()
            .filter_map(|spec| {
                let time = ratios.time_ns(&format!("synthetic/{stage}/{}", spec.operations))?;
                Some((spec.operations, spec.schemas, time))
            })
            .collect();
        let Some(&(first_operations, _, first)) = per_operation.first() else {
            continue;
        };
        let first_per_op = first / first_operations as f64;
        ratios.note(format!(
            "synthetic specs, {stage}: cost per operation against the smallest spec (linear = 1.0x)"
        ));
        for (operations, schemas, time) in per_operation {
            let per_op = time / operations as f64;
            ratios.note(format!(
                "  {operations:>5} operations, {schemas:>5} schemas {:>12} total {:>12}/operation  {:>7.3}x",
                report::format_ns(time),
                report::format_ns(per_op),
                per_op / first_per_op
            ));
        }
    }
}

/// The baseline: the spec's YAML read into a `serde_json::Value`, without the parser's
/// budget (the generator raises it with the size of the spec).
fn parse_yaml(text: &str) -> serde_json::Value {
    let mut options = serde_saphyr::Options::default();
    options.budget = None;
    serde_saphyr::from_str_with_options(text, options).expect("spec parses")
}

/// How many YAML nodes `text` has (the parser's budget counts them).
fn yaml_nodes(text: &str) -> String {
    use serde_saphyr::budget::{Budget, EnforcingPolicy, check_yaml_budget};
    let mut unlimited = Budget::default();
    unlimited.max_nodes = usize::MAX;
    unlimited.max_events = usize::MAX;
    match check_yaml_budget(text, unlimited, EnforcingPolicy::AllContent) {
        Ok(report) if report.breached.is_none() => report.nodes.to_string(),
        _ => "?".to_owned(),
    }
}

fn main() {
    let specs = real_specs();
    let synthetic: Vec<synthetic::Synthetic> = SIZES
        .iter()
        .map(|&operations| synthetic::spec(operations, 2 * operations))
        .collect();
    let mut ratios = report::Ratios::new();
    let mut c = report::criterion();
    bench_real_specs(&mut c, &specs);
    let refused = bench_synthetic(&mut c, &synthetic);
    c.final_summary();
    summarize(&mut ratios, &synthetic, &refused);
    ratios.print();
}
