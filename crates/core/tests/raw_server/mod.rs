//! A raw HTTP/1.1 server on 127.0.0.1 whose replies a test writes byte by byte, so that it
//! can misbehave in ways a well-behaved server library never would: reset a connection in
//! the middle of a body, cut a body short, hang, stream without end.
//!
//! Each accepted connection is handed to the test's handler in a task of its own. The
//! server counts the connections it accepted and the requests it read, and notes when
//! each request arrived.
#![allow(dead_code)]

use std::future::Future;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The largest request head the server reads, in bytes.
const MAX_HEAD: usize = 64 * 1024;

#[derive(Default)]
struct Counters {
    accepted: AtomicUsize,
    requests: AtomicUsize,
    arrivals: Mutex<Vec<Instant>>,
}

/// The server; it stops accepting when dropped.
pub struct RawServer {
    uri: String,
    counters: Arc<Counters>,
    accept: JoinHandle<()>,
}

impl RawServer {
    /// Listen on a free port of 127.0.0.1 and hand every connection to `handler`.
    pub async fn start<F, Fut>(handler: F) -> RawServer
    where
        F: Fn(Connection) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a local port");
        let uri = format!("http://{}", listener.local_addr().expect("local address"));
        let counters = Arc::new(Counters::default());
        let shared = Arc::clone(&counters);
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let number = shared.accepted.fetch_add(1, Ordering::SeqCst) + 1;
                let connection = Connection {
                    stream: BufReader::new(stream),
                    number,
                    counters: Arc::clone(&shared),
                };
                tokio::spawn(handler(connection));
            }
        });
        RawServer {
            uri,
            counters,
            accept,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.uri.clone()
    }

    /// The number of TCP connections accepted so far.
    pub fn accepted(&self) -> usize {
        self.counters.accepted.load(Ordering::SeqCst)
    }

    /// The number of request heads read so far.
    pub fn requests(&self) -> usize {
        self.counters.requests.load(Ordering::SeqCst)
    }

    /// When each request arrived, in order.
    pub fn arrivals(&self) -> Vec<Instant> {
        self.counters
            .arrivals
            .lock()
            .expect("arrivals lock")
            .clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// A request as it arrived.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// 1 for the first request the server read, counted over all connections.
    pub number: usize,
    pub method: String,
    /// The request target exactly as sent (`/path?query`).
    pub target: String,
    /// Header names lower-cased, values as the bytes after `name: `.
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_slice())
    }
}

/// One accepted connection.
pub struct Connection {
    stream: BufReader<TcpStream>,
    /// 1 for the first connection the server accepted.
    pub number: usize,
    counters: Arc<Counters>,
}

impl Connection {
    /// The next request on this connection; `None` when the client closed it (or sent
    /// something that is not an HTTP/1.1 request head).
    pub async fn read_request(&mut self) -> Option<RawRequest> {
        let mut line = Vec::new();
        let mut read = 0;
        let mut lines = Vec::new();
        loop {
            line.clear();
            let n = self.stream.read_until(b'\n', &mut line).await.ok()?;
            read += n;
            if n == 0 || read > MAX_HEAD {
                return None;
            }
            let text = line.strip_suffix(b"\r\n")?.to_vec();
            if text.is_empty() {
                break;
            }
            lines.push(text);
        }
        let request_line = String::from_utf8(lines.first()?.clone()).ok()?;
        let mut parts = request_line.split(' ');
        let method = parts.next()?.to_owned();
        let target = parts.next()?.to_owned();
        let headers: Vec<(String, Vec<u8>)> = lines[1..]
            .iter()
            .filter_map(|raw| {
                let colon = raw.iter().position(|&b| b == b':')?;
                let name = String::from_utf8_lossy(&raw[..colon]).to_ascii_lowercase();
                let value = raw[colon + 1..]
                    .strip_prefix(b" ")
                    .unwrap_or(&raw[colon + 1..]);
                Some((name, value.to_vec()))
            })
            .collect();
        let length = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, value)| std::str::from_utf8(value).ok()?.trim().parse().ok())
            .unwrap_or(0usize);
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await.ok()?;
        let number = self.counters.requests.fetch_add(1, Ordering::SeqCst) + 1;
        self.counters
            .arrivals
            .lock()
            .expect("arrivals lock")
            .push(Instant::now());
        Some(RawRequest {
            number,
            method,
            target,
            headers,
            body,
        })
    }

    /// Write `bytes` and flush them.
    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let stream = self.stream.get_mut();
        stream.write_all(bytes).await?;
        stream.flush().await
    }

    /// Write a whole reply: `status`, the headers, `Content-Length` and the body.
    pub async fn reply(
        &mut self,
        status: u16,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<()> {
        let mut bytes = head(status, headers).into_bytes();
        bytes.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        bytes.extend_from_slice(body);
        self.write(&bytes).await
    }

    /// Close with a TCP reset (`SO_LINGER` 0) instead of an orderly shutdown: whatever
    /// was written is still delivered, then the client reads `ECONNRESET`.
    pub fn reset(self) {
        self.stream
            .get_ref()
            .set_zero_linger()
            .expect("SO_LINGER 0");
    }

    /// Close the sending side in an orderly way (FIN), as a server that stops mid-reply.
    pub async fn finish(mut self) {
        let _ = self.stream.get_mut().shutdown().await;
    }

    /// Keep the connection open and silent until the test ends.
    pub async fn hang(self) {
        std::future::pending::<()>().await;
        drop(self);
    }
}

/// A status line and headers, without the blank line that ends the head.
pub fn head(status: u16, headers: &[(&str, &str)]) -> String {
    let mut head = format!("HTTP/1.1 {status} Test\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head
}
