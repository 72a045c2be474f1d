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
//! tell the signature's cost apart. Each call's latency is recorded while criterion
//! measures, and p50/p90/p99 are printed with the ratios at the end.
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
use huaweicloud_sdk_core::signer::{SigningRequest, format_sdk_date, sign};
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

    /// The request that `send()` makes with AK/SK, signed once now.
    fn bare(addr: SocketAddr, timeouts: bool) -> Self {
        let host = addr.to_string();
        let query = vec![
            ("limit".to_owned(), "50".to_owned()),
            ("status".to_owned(), "FINISHED".to_owned()),
        ];
        let mut headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Language".to_owned(), "en-us".to_owned()),
            ("X-Project-Id".to_owned(), PROJECT_ID.to_owned()),
        ];
        let signature = sign(
            &SigningRequest {
                method: "GET",
                host: &host,
                path: PATH,
                query: &query,
                headers: &headers,
                body: &[],
            },
            AK,
            SK,
            &format_sdk_date(1_700_000_000),
        );
        headers.extend(
            signature
                .added_headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value)),
        );
        Caller::Bare {
            http: {
                let builder =
                    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
                let builder = if timeouts {
                    builder
                        .timeout(huaweicloud_sdk_core::DEFAULT_TIMEOUT)
                        .connect_timeout(huaweicloud_sdk_core::DEFAULT_CONNECT_TIMEOUT)
                } else {
                    builder
                };
                builder.build().expect("reqwest client")
            },
            url: format!("http://{host}{}", signature.uri),
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

fn bench_sequential(
    group: &mut BenchmarkGroup<'_, WallTime>,
    runtime: &Runtime,
    latencies: &Latencies,
    name: &str,
    caller: &Caller,
) {
    let id = format!("sequential/{name}");
    group.bench_function(name, |b| {
        b.iter_custom(|iterations| {
            let (elapsed, each) = runtime.block_on(async {
                let mut each = Vec::with_capacity(iterations as usize);
                let start = Instant::now();
                for _ in 0..iterations {
                    let call_start = Instant::now();
                    std::hint::black_box(caller.call().await);
                    each.push(call_start.elapsed());
                }
                (start.elapsed(), each)
            });
            latencies.record(&id, each);
            elapsed
        })
    });
}

/// One iteration is `CONCURRENCY` calls: `CONCURRENCY` tasks each make `iterations`
/// calls one after another, so that `CONCURRENCY` calls are in flight throughout.
fn bench_concurrent(
    group: &mut BenchmarkGroup<'_, WallTime>,
    runtime: &Runtime,
    latencies: &Latencies,
    name: &str,
    caller: &Caller,
) {
    let id = format!("concurrent_64/{name}");
    group.bench_function(name, |b| {
        b.iter_custom(|iterations| {
            let (elapsed, each) = runtime.block_on(async {
                let start = Instant::now();
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
                (start.elapsed(), each)
            });
            latencies.record(&id, each);
            elapsed
        })
    });
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
    let latencies = Latencies::default();
    let mut ratios = report::Ratios::new();
    let mut c = report::criterion();

    // The signature alone, as `send()` computes it for every attempt.
    let mut group = c.benchmark_group("signing");
    group.bench_function("sign", |b| {
        let host = addr.to_string();
        let query = vec![
            ("limit".to_owned(), "50".to_owned()),
            ("status".to_owned(), "FINISHED".to_owned()),
        ];
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Language".to_owned(), "en-us".to_owned()),
            ("X-Project-Id".to_owned(), PROJECT_ID.to_owned()),
        ];
        b.iter(|| {
            std::hint::black_box(sign(
                &SigningRequest {
                    method: "GET",
                    host: &host,
                    path: PATH,
                    query: &query,
                    headers: &headers,
                    body: &[],
                },
                AK,
                SK,
                &format_sdk_date(1_700_000_000),
            ))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("sequential");
    group.throughput(Throughput::Elements(1));
    for (name, caller) in &callers {
        bench_sequential(&mut group, &runtime, &latencies, name, caller);
    }
    group.finish();

    let mut group = c.benchmark_group("concurrent_64");
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    for (name, caller) in &callers {
        bench_concurrent(&mut group, &runtime, &latencies, name, caller);
    }
    group.finish();
    c.final_summary();

    for (group, calls) in [("sequential", 1), ("concurrent_64", CONCURRENCY)] {
        let id = |name: &str| format!("{group}/{name}");
        ratios.compare(
            &format!("{group}: time per iteration ({calls} call(s)); the ratio of throughputs is its inverse"),
            &[
                ("bare reqwest + from_slice (baseline)", &id("bare_reqwest")),
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
    ratios.print();
}
