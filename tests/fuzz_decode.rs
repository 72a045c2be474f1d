//! Fuzzing the decoders: every generated response, error and model type of every service
//! decodes whatever bytes a server may send without panicking, the way the client decodes
//! a reply (`serde_path_to_error` over the bytes, then nothing but whitespace after the
//! value). What does decode encodes again, and the encoding decodes to an equal value.
//!
//! Inputs per type ([`CASES`] of each, from a fixed seed so that runs repeat; set
//! `PROPTEST_RNG_SEED` to explore others, `PROPTEST_CASES` for a longer run):
//!
//! - arbitrary bytes;
//! - arbitrary JSON values whose keys and strings are mostly the spec's own property
//!   names and enum values, so that decoding gets past the top level;
//! - the documented examples of the specs (the seed corpus), mutated: nodes replaced by
//!   arbitrary values, keys removed or added, arrays emptied or doubled;
//! - the documented examples cut short and with bytes flipped.
//!
//! Every prefix of every example, and nesting far deeper than the JSON parser's
//! recursion limit, are checked once each.
//!
//! The types are every type of every generated crate, listed by `build.rs` from their
//! `src/models.rs`; a reply that is a list or map of a type is fuzzed as that type, its
//! documented items as seeds. `every_generated_type_is_fuzzed` checks the list against
//! the types the generator makes of each spec.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::sync::{Mutex, OnceLock};

use huaweicloud_sdk_codegen::ir::{Service, TypeRef};
use huaweicloud_sdk_codegen::{SpecInput, lower};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed, TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use workspace_tests::{examples, load_spec, services, workspace_root};

const CASES: u32 = 256;
const SEED: u64 = 0xf022_0006;

type Check = fn(&[u8]) -> Result<(), String>;

/// Decode `bytes` as the client does; if that succeeds, encode the value and decode the
/// encoding, which must give the same value. A decode error is a fine outcome; a panic
/// (caught by the runner) or an unfaithful round trip is not.
fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(bytes: &[u8]) -> Result<(), String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let Ok(decoded) = serde_path_to_error::deserialize::<_, T>(&mut deserializer) else {
        return Ok(());
    };
    if deserializer.end().is_err() {
        return Ok(());
    }
    let encoded = serde_json::to_vec(&decoded).map_err(|e| format!("encode: {e}"))?;
    let again: T = serde_json::from_slice(&encoded).map_err(|e| {
        format!(
            "the encoding {} does not decode: {e}",
            String::from_utf8_lossy(&encoded)
        )
    })?;
    if again != decoded {
        return Err(format!(
            "decoded {decoded:?}, but its encoding decodes to {again:?}"
        ));
    }
    Ok(())
}

/// Every type of every generated service crate, as `(service, type name, check)`:
/// `build.rs` lists them from the crates' `src/models.rs`.
const DECODERS: &[(&str, &str, Check)] = include!(concat!(env!("OUT_DIR"), "/decoders.rs"));

/// [`DECODERS`] by service and type name.
fn types() -> BTreeMap<(&'static str, &'static str), Check> {
    DECODERS
        .iter()
        .map(|(service, name, check)| ((*service, *name), *check))
        .collect()
}

/// The spec of `service` as the generator makes it into a crate: its types and its
/// documented examples with their types. Lowered once per run: every type of the
/// service asks for it.
fn lowered(service: &str) -> &'static Service {
    static LOWERED: OnceLock<Mutex<BTreeMap<String, &'static Service>>> = OnceLock::new();
    let mut cache = LOWERED
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(service.to_owned())
        .or_insert_with(|| Box::leak(Box::new(lower_spec(service))))
}

fn lower_spec(service: &str) -> Service {
    let path = format!("specs/{service}.yaml");
    let text = std::fs::read_to_string(workspace_root().join(&path))
        .unwrap_or_else(|e| panic!("reading {path}: {e}"));
    lower(&SpecInput {
        service,
        path: &path,
        text: &text,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Property names and string values (enum members, the examples' strings) of a spec, to make
/// arbitrary JSON look like the service's.
fn vocabulary(service: &str) -> (Vec<String>, Vec<String>) {
    type Vocabulary = (Vec<String>, Vec<String>);
    static READ: OnceLock<Mutex<BTreeMap<String, Vocabulary>>> = OnceLock::new();
    let mut cache = READ
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(service.to_owned())
        .or_insert_with(|| read_vocabulary(service))
        .clone()
}

fn read_vocabulary(service: &str) -> (Vec<String>, Vec<String>) {
    fn walk(value: &Value, keys: &mut BTreeSet<String>, strings: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    keys.extend(properties.keys().cloned());
                }
                if let Some(Value::Array(members)) = map.get("enum") {
                    strings.extend(members.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                map.values().for_each(|v| walk(v, keys, strings));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, keys, strings)),
            _ => {}
        }
    }
    fn leaves(value: &Value, strings: &mut BTreeSet<String>) {
        match value {
            Value::String(text) => {
                strings.insert(text.clone());
            }
            Value::Array(items) => items.iter().for_each(|v| leaves(v, strings)),
            Value::Object(map) => map.values().for_each(|v| leaves(v, strings)),
            _ => {}
        }
    }
    let (mut keys, mut strings) = (BTreeSet::new(), BTreeSet::new());
    walk(&load_spec(service), &mut keys, &mut strings);
    for example in examples(service) {
        leaves(&example.value, &mut strings);
    }
    // Never empty, so that a selection from them always has something to pick.
    keys.insert("id".to_owned());
    strings.insert(String::new());
    (keys.into_iter().collect(), strings.into_iter().collect())
}

/// The documented bodies of `service` whose type is `name`: the examples of that type,
/// and the items (or map values) of the examples of a list (or map) of it.
fn seeds(service: &str, name: &str) -> Vec<Value> {
    let mut seeds = Vec::new();
    for example in &lowered(service).examples {
        match (&example.ty, example.value.clone()) {
            (TypeRef::Named(ty), value) if ty == name => seeds.push(value),
            (TypeRef::List(item), Value::Array(items)) if **item == TypeRef::Named(name.into()) => {
                seeds.extend(items);
            }
            (TypeRef::Map(value), Value::Object(map)) if **value == TypeRef::Named(name.into()) => {
                seeds.extend(map.into_iter().map(|(_, value)| value));
            }
            _ => {}
        }
    }
    seeds
}

fn config() -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = CASES;
    }
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(SEED);
    }
    config
}

/// Run `check` of the type `name` on every input of `strategy`; fail with the smallest
/// failing input.
fn fuzz<S>(name: &str, check: Check, strategy: S, to_bytes: impl Fn(&S::Value) -> Vec<u8>)
where
    S: Strategy,
    S::Value: Debug,
{
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&strategy, |input| {
        let bytes = to_bytes(&input);
        check(&bytes).map_err(|message| {
            TestCaseError::fail(format!(
                "{name}: {message}\ninput: {}",
                String::from_utf8_lossy(&bytes)
            ))
        })
    });
    if let Err(failure) = outcome {
        panic!("{name}: {failure}");
    }
}

/// Strings: the spec's own, arbitrary ones, and numbers spelled as strings.
fn json_string(strings: Vec<String>) -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        2 => proptest::sample::select(strings),
        2 => any::<String>(),
        1 => "[0-9]{1,25}",
    ]
}

/// Arbitrary JSON, its keys and strings mostly taken from `keys` and `strings`.
fn json_value(keys: Vec<String>, strings: Vec<String>) -> impl Strategy<Value = Value> + Clone {
    let key = prop_oneof![
        4 => proptest::sample::select(keys),
        1 => any::<String>(),
    ];
    let string = json_string(strings);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        string.prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// One change to a JSON tree, at the node numbered `at` (pre-order, modulo their count).
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    RemoveKey(usize),
    AddKey(String, Value),
    EmptyArray,
    DoubleArray,
}

fn mutation(keys: Vec<String>, strings: Vec<String>) -> impl Strategy<Value = (usize, Mutation)> {
    let value = json_value(keys.clone(), strings);
    (
        any::<usize>(),
        prop_oneof![
            4 => value.clone().prop_map(Mutation::Replace),
            2 => any::<usize>().prop_map(Mutation::RemoveKey),
            2 => (proptest::sample::select(keys), value).prop_map(|(k, v)| Mutation::AddKey(k, v)),
            1 => Just(Mutation::EmptyArray),
            1 => Just(Mutation::DoubleArray),
        ],
    )
}

fn count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// The node numbered `index` in pre-order.
fn path_to(value: &mut Value, index: usize) -> &mut Value {
    if index == 0 {
        return value;
    }
    let mut skipped = 1;
    match value {
        Value::Array(items) => {
            for item in items.iter_mut() {
                let size = count(item);
                if index < skipped + size {
                    return path_to(item, index - skipped);
                }
                skipped += size;
            }
        }
        Value::Object(map) => {
            for item in map.values_mut() {
                let size = count(item);
                if index < skipped + size {
                    return path_to(item, index - skipped);
                }
                skipped += size;
            }
        }
        _ => {}
    }
    unreachable!("index {index} beyond the tree")
}

fn mutate(seed: &Value, mutations: &[(usize, Mutation)]) -> Value {
    let mut value = seed.clone();
    for (at, mutation) in mutations {
        let index = at % count(&value);
        let target = path_to(&mut value, index);
        match (mutation, target) {
            (Mutation::Replace(new), target) => *target = new.clone(),
            (Mutation::RemoveKey(which), Value::Object(map)) if !map.is_empty() => {
                let key = map.keys().nth(which % map.len()).cloned().expect("a key");
                map.remove(&key);
            }
            (Mutation::AddKey(key, new), Value::Object(map)) => {
                map.insert(key.clone(), new.clone());
            }
            (Mutation::EmptyArray, Value::Array(items)) => items.clear(),
            (Mutation::DoubleArray, Value::Array(items)) => {
                let copy = items.clone();
                items.extend(copy);
            }
            (_, _) => {}
        }
    }
    value
}

#[test]
fn every_generated_type_is_fuzzed() {
    let types = types();
    let services = services();
    let mut missing = Vec::new();
    for service in &services {
        for def in &lowered(service).types {
            if !types.contains_key(&(service.as_str(), def.name())) {
                missing.push(format!("{service} {}", def.name()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "generated but not fuzzed (run `cargo xtask codegen`; if the crate has them, \
         tests/build.rs did not find them in its models.rs):\n{}",
        missing.join("\n")
    );
    // Three services have specs today; fewer means the listing above lost some.
    assert!(services.len() >= 3, "only {services:?} found in specs/");
}

#[test]
fn arbitrary_bytes_never_panic() {
    for ((service, name), check) in types() {
        fuzz(
            &format!("{service} {name}"),
            check,
            proptest::collection::vec(any::<u8>(), 0..512),
            Clone::clone,
        );
    }
}

#[test]
fn arbitrary_json_never_panics_and_round_trips() {
    for ((service, name), check) in types() {
        let (keys, strings) = vocabulary(service);
        // A bare string now and then too, for the enums and the string-or-number types.
        let strategy = prop_oneof![
            3 => json_value(keys, strings.clone()),
            1 => json_string(strings).prop_map(Value::String),
        ];
        fuzz(&format!("{service} {name}"), check, strategy, |value| {
            serde_json::to_vec(value).expect("JSON encodes")
        });
    }
}

#[test]
fn mutated_documented_examples_never_panic_and_round_trip() {
    let mut fuzzed = 0;
    for ((service, name), check) in types() {
        let seeds = seeds(service, name);
        if seeds.is_empty() {
            continue;
        }
        fuzzed += 1;
        let (keys, strings) = vocabulary(service);
        let strategy = (
            proptest::sample::select(seeds),
            proptest::collection::vec(mutation(keys, strings), 1..5),
        );
        fuzz(
            &format!("{service} {name}"),
            check,
            strategy,
            |(seed, mutations)| serde_json::to_vec(&mutate(seed, mutations)).expect("JSON encodes"),
        );
    }
    // The specs document examples of 6 types today; fewer means the seeds were lost.
    assert!(fuzzed >= 6, "only {fuzzed} types have documented examples");
}

#[test]
fn documented_examples_cut_short_or_with_flipped_bytes_never_panic() {
    for ((service, name), check) in types() {
        let seeds: Vec<Vec<u8>> = seeds(service, name)
            .iter()
            .map(|seed| serde_json::to_vec_pretty(seed).expect("JSON encodes"))
            .collect();
        if seeds.is_empty() {
            continue;
        }
        // Every prefix, once.
        for seed in &seeds {
            for end in 0..seed.len() {
                check(&seed[..end]).unwrap_or_else(|e| panic!("{service} {name}: {e}"));
            }
        }
        let strategy = (
            proptest::sample::select(seeds),
            proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        );
        fuzz(
            &format!("{service} {name}"),
            check,
            strategy,
            |(seed, flips)| {
                let mut bytes = seed.clone();
                for (at, byte) in flips {
                    let at = at % bytes.len();
                    bytes[at] = *byte;
                }
                bytes
            },
        );
    }
}

/// Nesting far beyond the parser's recursion limit is an error, not a stack overflow.
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}null{}", r#"{"data":"#.repeat(depth), "}".repeat(depth));
    for ((service, name), check) in types() {
        for input in [&arrays, &objects] {
            check(input.as_bytes()).unwrap_or_else(|e| panic!("{service} {name}: {e}"));
        }
    }
}
