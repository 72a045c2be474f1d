//! Client overhead: a full `send()` of the generated COC client (build the request,
//! validate its parameters, sign it with AK/SK, send it, read the reply, decode it),
//! against a bare `reqwest` call of the same request (same URL, query and headers, with a
//! signature computed once beforehand) whose reply is decoded into the same generated
//! type with `serde_json::from_slice`: the baseline.
//!
//! Both call one local HTTP/1.1 server on loopback (a minimal keep-alive server on its
//! own thread that answers every request with the documented `GetScriptJobBatch` reply),
//! one call at a time (`sequential`) and with 64 calls in flight (`concurrent_64`: 64
//! tasks, each calling in a loop). `send_token` is the same `send()` with token auth, to
//! tell the signature's cost apart; `bare_reqwest_timeouts` is the baseline with the
//! timeouts that `send()`'s HTTP client has; `bare_reqwest_signed` signs every call
//! with the SDK's signer, as code using reqwest alone must (the API refuses an
//! `X-Sdk-Date` older than 15 minutes); `signing/sign` is the signature alone. Each
//! call's latency is recorded while criterion measures, and p50/p90/p99 are printed with
//! the ratios at the end. Every sample of a row is followed by the same calls of the
//! baseline, for the paired ratio (see `report.rs`).
//!
//! `cargo bench -p workspace-tests --bench client`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkGroup, Throughput, measurement::WallTime};
use huaweicloud_sdk_coc::models::GetScriptJobBatchResponseBody;
use huaweicloud_sdk_coc::{Client, Config, Credentials};
use huaweicloud_sdk_core::signer::{Signature, SigningRequest, format_sdk_date, sign};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

#[path = "report.rs"]
mod report;

const AK: &str = "BENCHACCESSKEY000000";
const SK: &str = "bench-secret-key-0000000000000000000000";
const TOKEN: &str = "bench-token";
const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
const EXECUTE_UUID: &str = "SCT2023102211473xxxxxxxxxx";
const PATH: &str = "/v1/job/script/orders/SCT2023102211473xxxxxxxxxx/batches/1";
/// Calls in flight in the concurrent benchmarks.
const CONCURRENCY: usize = 64;

/// Start the server on its own thread and runtime; it answers every request with the
/// documented reply and lives as long as the benchmark process.
fn start_server(body: Vec<u8>) -> SocketAddr {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: bench-request-id\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response: Arc<[u8]> = response.into();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("server runtime");
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("binds a loopback port");
    let addr = listener.local_addr().expect("local address");
    std::thread::spawn(move || {
        runtime.block_on(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(connection(stream, response.clone()));
            }
        })
    });
    addr
}

/// One keep-alive connection: read a request head (and its body, if it announces one),
/// write the canned response, until the client closes.
async fn connection(mut stream: TcpStream, response: Arc<[u8]>) {
    let _ = stream.set_nodelay(true);
    let mut buffer = vec![0u8; 8 * 1024];
    let mut filled = 0;
    loop {
        let head_end = loop {
            if let Some(position) = find(&buffer[..filled], b"\r\n\r\n") {
                break position + 4;
            }
            if filled == buffer.len() {
                buffer.resize(buffer.len() * 2, 0);
            }
            match stream.read(&mut buffer[filled..]).await {
                Ok(0) | Err(_) => return,
                Ok(read) => filled += read,
            }
        };
        let end = head_end + content_length(&buffer[..head_end]);
        while filled < end {
            if filled == buffer.len() {
                buffer.resize(buffer.len() * 2, 0);
            }
            match stream.read(&mut buffer[filled..]).await {
                Ok(0) | Err(_) => return,
                Ok(read) => filled += read,
            }
        }
        buffer.copy_within(end..filled, 0);
        filled -= end;
        if stream.write_all(&response).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// The three ways of making the call.
#[derive(Clone)]
enum Caller {
    /// `reqwest` with the headers that `send()` would compute, computed once.
    Bare {
        http: reqwest::Client,
        url: String,
        headers: Arc<Vec<(String, String)>>,
    },
    /// `reqwest` with the same headers, signed anew for every call.
    BareSigned { http: reqwest::Client, host: String },
    /// The generated client.
    Sdk(Client),
}

impl Caller {
    fn sdk(addr: SocketAddr, credentials: Credentials) -> Self {
        Caller::Sdk(
            Client::new(
                Config::builder()
                    .endpoint(format!("http://{addr}"))
                    .project_id(PROJECT_ID)
                    .credentials(credentials)
                    .build(),
            )
            .expect("client builds"),
        )
    }

    /// The request that `send()` makes with AK/SK, signed for every call.
    fn bare_signed(addr: SocketAddr) -> Self {
        Caller::BareSigned {
            http: bare_client(true),
            host: addr.to_string(),
        }
    }

    /// The request that `send()` makes with AK/SK, signed once now.
    fn bare(addr: SocketAddr, timeouts: bool) -> Self {
        let (url, headers) = signed_request(&addr.to_string(), 1_700_000_000);
        Caller::Bare {
            http: bare_client(timeouts),
            url,
            headers: Arc::new(headers),
        }
    }

    /// One call; the decoded reply's instance count, so that nothing is optimised away.
    async fn call(&self) -> usize {
        let body: GetScriptJobBatchResponseBody = match self {
            Caller::Bare { http, url, headers } => {
                let mut request = http.get(url);
                for (name, value) in headers.iter() {
                    request = request.header(name.as_str(), value.as_str());
                }
                let reply = request.send().await.expect("bare call");
                assert!(reply.status().is_success());
                let bytes = reply.bytes().await.expect("bare body");
                serde_json::from_slice(&bytes).expect("bare decode")
            }
            Caller::BareSigned { http, host } => {
                let unix_seconds = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .expect("after 1970")
                    .as_secs();
                let (url, headers) = signed_request(host, unix_seconds);
                let mut request = http.get(url);
                for (name, value) in headers {
                    request = request.header(name, value);
                }
                let reply = request.send().await.expect("bare signed call");
                assert!(reply.status().is_success());
                let bytes = reply.bytes().await.expect("bare signed body");
                serde_json::from_slice(&bytes).expect("bare signed decode")
            }
            Caller::Sdk(client) => client
                .get_script_job_batch()
                .execute_uuid(EXECUTE_UUID)
                .batch_index(1)
                .limit(50)
                .status("FINISHED")
                .x_language("en-us")
                .send()
                .await
                .expect("send")
                .into_body(),
        };
        body.data
            .and_then(|data| data.execute_instances)
            .map_or(0, |instances| instances.len())
    }
}

/// Name and value pairs of a query or of headers.
type Pairs = Vec<(String, String)>;

/// The query and headers of the benchmarked call, as `send()` has them before signing.
fn request_parts() -> (Pairs, Pairs) {
    let query = vec![
        ("limit".to_owned(), "50".to_owned()),
        ("status".to_owned(), "FINISHED".to_owned()),
    ];
    let headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("X-Language".to_owned(), "en-us".to_owned()),
        ("X-Project-Id".to_owned(), PROJECT_ID.to_owned()),
    ];
    (query, headers)
}

/// The URL and headers of the benchmarked call, signed with AK/SK at `unix_seconds`.
fn signed_request(host: &str, unix_seconds: u64) -> (String, Pairs) {
    let (query, mut headers) = request_parts();
    let signature = sign_call(host, &query, &headers, unix_seconds);
    headers.extend(
        signature
            .added_headers
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value)),
    );
    (format!("http://{host}{}", signature.uri), headers)
}

/// The AK/SK signature of the benchmarked call.
fn sign_call(
    host: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    unix_seconds: u64,
) -> Signature {
    sign(
        &SigningRequest {
            method: "GET",
            host,
            path: PATH,
            query,
            headers,
            body: &[],
        },
        AK,
        SK,
        &format_sdk_date(unix_seconds),
    )
}

/// A `reqwest` client like the SDK's: no redirects, and its timeouts when asked.
fn bare_client(timeouts: bool) -> reqwest::Client {
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    let builder = if timeouts {
        builder
            .timeout(huaweicloud_sdk_core::DEFAULT_TIMEOUT)
            .connect_timeout(huaweicloud_sdk_core::DEFAULT_CONNECT_TIMEOUT)
    } else {
        builder
    };
    builder.build().expect("reqwest client")
}

/// Per-call latencies, by benchmark id, of every call made while criterion measured.
#[derive(Default)]
struct Latencies(RefCell<BTreeMap<String, Vec<Duration>>>);

impl Latencies {
    fn record(&self, id: &str, latencies: impl IntoIterator<Item = Duration>) {
        self.0
            .borrow_mut()
            .entry(id.to_owned())
            .or_default()
            .extend(latencies);
    }

    /// `p50 ... p90 ... p99 ...` of benchmark `id`.
    fn percentiles(&self, id: &str) -> Option<String> {
        let mut all = self.0.borrow().get(id)?.clone();
        if all.is_empty() {
            return None;
        }
        all.sort_unstable();
        let at = |quantile: f64| {
            let index = ((all.len() - 1) as f64 * quantile).round() as usize;
            report::format_ns(all[index].as_nanos() as f64)
        };
        Some(format!(
            "p50 {:>10}  p90 {:>10}  p99 {:>10}  ({} calls)",
            at(0.50),
            at(0.90),
            at(0.99),
            all.len()
        ))
    }
}

/// How the calls of one iteration are made.
#[derive(Clone, Copy)]
enum Mode {
    /// One call per iteration, one at a time.
    Sequential,
    /// `CONCURRENCY` calls per iteration: `CONCURRENCY` tasks each make `iterations` calls
    /// one after another, so that `CONCURRENCY` calls are in flight throughout.
    Concurrent,
}

impl Mode {
    fn group(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::Concurrent => "concurrent_64",
        }
    }
}

/// Make `iterations` iterations of calls; their total time and each call's latency.
async fn batch(caller: &Caller, iterations: u64, mode: Mode) -> (Duration, Vec<Duration>) {
    let start = Instant::now();
    let each = match mode {
        Mode::Sequential => {
            let mut each = Vec::with_capacity(iterations as usize);
            for _ in 0..iterations {
                let call_start = Instant::now();
                std::hint::black_box(caller.call().await);
                each.push(call_start.elapsed());
            }
            each
        }
        Mode::Concurrent => {
            let tasks: Vec<_> = (0..CONCURRENCY)
                .map(|_| {
                    let caller = caller.clone();
                    tokio::spawn(async move {
                        let mut each = Vec::with_capacity(iterations as usize);
                        for _ in 0..iterations {
                            let call_start = Instant::now();
                            std::hint::black_box(caller.call().await);
                            each.push(call_start.elapsed());
                        }
                        each
                    })
                })
                .collect();
            let mut each = Vec::with_capacity(CONCURRENCY * iterations as usize);
            for task in tasks {
                each.extend(task.await.expect("task"));
            }
            each
        }
    };
    (start.elapsed(), each)
}

/// One row: `caller`'s calls, measured by criterion, each sample followed by the same
/// calls of `baseline` (when given) for the paired ratio.
struct Row<'a> {
    runtime: &'a Runtime,
    latencies: &'a Latencies,
    paired: &'a report::Paired,
    mode: Mode,
}

impl Row<'_> {
    fn bench(
        &self,
        group: &mut BenchmarkGroup<'_, WallTime>,
        name: &str,
        caller: &Caller,
        baseline: Option<&Caller>,
    ) {
        let id = format!("{}/{name}", self.mode.group());
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| {
                let (elapsed, each) = self.runtime.block_on(batch(caller, iterations, self.mode));
                self.latencies.record(&id, each);
                if let Some(baseline) = baseline {
                    let (baseline_elapsed, _) = self
                        .runtime
                        .block_on(batch(baseline, iterations, self.mode));
                    self.paired.record(&id, elapsed, baseline_elapsed);
                }
                elapsed
            })
        });
    }
}

fn main() {
    let body = serde_json::to_vec(&workspace_tests::example("coc", "GetScriptJobBatch", "200"))
        .expect("encodes");
    let addr = start_server(body);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime");
    let callers = [
        ("bare_reqwest", Caller::bare(addr, false)),
        ("bare_reqwest_timeouts", Caller::bare(addr, true)),
        ("bare_reqwest_signed", Caller::bare_signed(addr)),
        (
            "send_aksk",
            Caller::sdk(addr, Credentials::access_key(AK, SK)),
        ),
        ("send_token", Caller::sdk(addr, Credentials::token(TOKEN))),
    ];
    // Every caller must get the documented reply before anything is measured.
    for (name, caller) in &callers {
        assert_eq!(runtime.block_on(caller.call()), 1, "{name}");
    }
    // `count <caller> <calls>`: make that many sequential calls and exit, so that
    // `client_instructions.sh` can count the instructions of a call under valgrind.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, name, calls] = args.as_slice()
        && mode == "count"
    {
        let (_, caller) = callers
            .iter()
            .find(|(caller, _)| caller == name)
            .unwrap_or_else(|| panic!("no caller named {name}"));
        let calls = calls.parse().expect("a number of calls");
        runtime.block_on(batch(caller, calls, Mode::Sequential));
        return;
    }
    let latencies = Latencies::default();
    let mut ratios = report::Ratios::new();
    let mut c = report::criterion();

    // The signature alone, as `send()` computes it for every attempt.
    let mut group = c.benchmark_group("signing");
    group.bench_function("sign", |b| {
        let host = addr.to_string();
        let (query, headers) = request_parts();
        b.iter(|| std::hint::black_box(sign_call(&host, &query, &headers, 1_700_000_000)))
    });
    group.finish();

    let (_, baseline) = &callers[0];
    for (mode, calls) in [(Mode::Sequential, 1), (Mode::Concurrent, CONCURRENCY)] {
        let mut group = c.benchmark_group(mode.group());
        group.throughput(Throughput::Elements(calls as u64));
        let row = Row {
            runtime: &runtime,
            latencies: &latencies,
            paired: &ratios.paired,
            mode,
        };
        for (index, (name, caller)) in callers.iter().enumerate() {
            row.bench(&mut group, name, caller, (index > 0).then_some(baseline));
        }
        group.finish();
    }
    c.final_summary();

    for (group, calls) in [("sequential", 1), ("concurrent_64", CONCURRENCY)] {
        let id = |name: &str| format!("{group}/{name}");
        ratios.compare(
            &format!("{group}: time per iteration ({calls} call(s)); the ratio of throughputs is its inverse"),
            &[
                ("bare reqwest + from_slice (baseline)", &id("bare_reqwest")),
                ("bare reqwest with send()'s timeouts", &id("bare_reqwest_timeouts")),
                ("bare reqwest, timeouts, signed per call", &id("bare_reqwest_signed")),
                ("send(), AK/SK signed", &id("send_aksk")),
                ("send(), token", &id("send_token")),
            ],
        );
        for (name, _) in &callers {
            let id = id(name);
            if let (Some(time), Some(percentiles)) =
                (ratios.time_ns(&id), latencies.percentiles(&id))
            {
                ratios.note(format!(
                    "  {id:<28} {:>9.0} calls/s  latency {percentiles}",
                    calls as f64 * 1e9 / time
                ));
            }
        }
    }
    if let Some(time) = ratios.time_ns("signing/sign") {
        ratios.note(format!(
            "signing alone (signer::sign, as send() computes it per attempt): {}",
            report::format_ns(time)
        ));
    }
    ratios.print();
}
