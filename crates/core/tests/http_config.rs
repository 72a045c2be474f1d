//! HTTP configuration against local servers: a proxy (plain HTTP and `CONNECT`), with
//! basic credentials and a no-proxy list; a TLS server whose certificate a test CA
//! signs (generated here); the opt-out of verification; shared and application-built
//! HTTP clients.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use huaweicloud_sdk_core::{Config, ConfigBuilder, Credentials, Error, Proxy, ServiceClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const REPLY: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: r-1\r\n\
Content-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}";

/// Read a request head (up to the blank line); the stream is left after it.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A plain HTTP server answering every request with `REPLY`; heads are recorded.
async fn origin() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let record = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let head = read_head(&mut stream).await;
            record.lock().expect("lock").push(head);
            let _ = stream.write_all(REPLY).await;
        }
    });
    (format!("http://{address}"), heads)
}

/// A proxy: answers plain requests (absolute URI) itself, and tunnels `CONNECT`
/// requests to their target. Every head it receives is recorded.
async fn proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let record = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let head = read_head(&mut stream).await;
                record.lock().expect("lock").push(head.clone());
                let Some(target) = head.strip_prefix("CONNECT ") else {
                    let _ = stream.write_all(REPLY).await;
                    return;
                };
                let target = target.split_whitespace().next().unwrap_or_default();
                let Ok(mut upstream) = TcpStream::connect(target).await else {
                    let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                    return;
                };
                let _ = stream
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
            });
        }
    });
    (format!("http://{address}"), heads)
}

/// A certificate authority made for one test, and a `localhost` certificate it signed.
struct TestPki {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

fn test_pki() -> TestPki {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "huaweicloud-sdk test CA");
    let ca_key = rcgen::KeyPair::generate().expect("key");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA");
    let leaf_key = rcgen::KeyPair::generate().expect("key");
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .expect("params")
        .signed_by(&leaf_key, &ca)
        .expect("leaf");
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into());
    let server = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(vec![leaf.der().clone()], key)
    .expect("server config");
    TestPki {
        ca_pem: ca.pem(),
        server: Arc::new(server),
    }
}

/// A TLS server for `localhost` answering every request with `REPLY`.
async fn tls_origin(pki: &TestPki) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let acceptor = tokio_rustls::TlsAcceptor::from(pki.server.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut buffer = [0u8; 4096];
                let mut head = Vec::new();
                while !head.ends_with(b"\r\n\r\n") {
                    match tls.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                let _ = tls.write_all(REPLY).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://localhost:{port}")
}

fn settings(endpoint: &str) -> ConfigBuilder {
    Config::builder()
        .endpoint(endpoint)
        .project_id(PROJECT_ID)
        .credentials(Credentials::token(TOKEN))
        .retry(huaweicloud_sdk_core::RetryPolicy::disabled())
}

async fn call(client: &ServiceClient) -> Result<(), Error> {
    let reply = client.send::<serde_json::Value>(show_thing(client)).await?;
    assert_eq!(reply.request_id(), Some("r-1"));
    assert_eq!(reply.body(), &serde_json::json!({"ok": true}));
    Ok(())
}

fn service_client(config: Config) -> ServiceClient {
    ServiceClient::new(&SERVICE, config).expect("client builds")
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[tokio::test]
async fn plain_http_goes_through_the_proxy_with_its_credentials() {
    let (proxy_url, heads) = proxy().await;
    let endpoint = "http://service.invalid:8080";
    let client = service_client(
        settings(endpoint)
            .proxy(Proxy::http(&proxy_url).basic_auth("proxy-user", "proxy-pass"))
            .build(),
    );
    call(&client).await.expect("answered by the proxy");
    assert_one_authorised_head(&heads, &format!("GET {endpoint}{THING_PATH} HTTP/1.1"));
}

/// The proxy saw exactly one request head, starting with `start` and carrying the
/// basic credentials `proxy-user:proxy-pass`.
fn assert_one_authorised_head(heads: &Mutex<Vec<String>>, start: &str) {
    let heads = heads.lock().expect("lock").clone();
    assert_eq!(heads.len(), 1);
    assert!(heads[0].starts_with(start), "{}", heads[0]);
    // Basic base64("proxy-user:proxy-pass").
    assert_eq!(
        header(&heads[0], "proxy-authorization"),
        Some("Basic cHJveHktdXNlcjpwcm94eS1wYXNz")
    );
}

#[tokio::test]
async fn https_is_tunnelled_through_the_proxy_with_connect() {
    let pki = test_pki();
    let endpoint = tls_origin(&pki).await;
    let (proxy_url, heads) = proxy().await;
    let client = service_client(
        settings(&endpoint)
            .proxy(Proxy::https(&proxy_url).basic_auth("proxy-user", "proxy-pass"))
            .add_root_certificate_pem(pki.ca_pem.clone())
            .build(),
    );
    call(&client).await.expect("answered through the tunnel");
    let authority = endpoint.trim_start_matches("https://");
    assert_one_authorised_head(&heads, &format!("CONNECT {authority} HTTP/1.1"));
}

#[tokio::test]
async fn hosts_on_the_no_proxy_list_are_called_directly() {
    let (proxy_url, proxy_heads) = proxy().await;
    let (endpoint, origin_heads) = origin().await;
    let client = service_client(
        settings(&endpoint)
            .proxy(Proxy::all(&proxy_url).no_proxy("localhost,127.0.0.1"))
            .build(),
    );
    call(&client).await.expect("answered by the origin");
    assert!(proxy_heads.lock().expect("lock").is_empty());
    assert_eq!(origin_heads.lock().expect("lock").len(), 1);
}

#[tokio::test]
async fn a_proxy_url_that_is_not_a_url_is_a_config_error_naming_it() {
    let error = ServiceClient::new(
        &SERVICE,
        settings("http://127.0.0.1:1")
            .proxy(Proxy::http("not a proxy url"))
            .build(),
    )
    .expect_err("bad proxy");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("`not a proxy url`"), "{error}");
}

#[tokio::test]
async fn a_server_signed_by_an_unknown_ca_is_refused() {
    let pki = test_pki();
    let endpoint = tls_origin(&pki).await;
    let client = service_client(settings(&endpoint).build());
    let error = call(&client).await.expect_err("unknown CA");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
async fn an_extra_root_certificate_is_trusted() {
    let pki = test_pki();
    let endpoint = tls_origin(&pki).await;
    let client = service_client(
        settings(&endpoint)
            .add_root_certificate_pem(pki.ca_pem.clone())
            .build(),
    );
    call(&client).await.expect("trusted through the extra root");
}

#[tokio::test]
async fn a_root_certificate_text_without_a_certificate_is_a_config_error() {
    let error = ServiceClient::new(
        &SERVICE,
        settings("https://localhost:1")
            .add_root_certificate_pem("not a certificate")
            .build(),
    )
    .expect_err("no certificate");
    let message = error.to_string();
    assert!(message.contains("root certificate #1"), "{message}");
}

#[tokio::test]
async fn verification_can_be_switched_off_and_says_so_once() {
    let pki = test_pki();
    let endpoint = tls_origin(&pki).await;
    let logs = LogBuffer::default();
    let _logs = tracing::subscriber::set_default(log_subscriber(&logs));
    for _ in 0..2 {
        let client = service_client(
            settings(&endpoint)
                .danger_accept_invalid_certificates(true)
                .build(),
        );
        call(&client).await.expect("accepted without verification");
    }
    let text = logs.text();
    assert_eq!(
        text.matches("certificate verification is off").count(),
        1,
        "{text}"
    );
}

/// A plain HTTP server that keeps connections open; it counts the connections made.
async fn keep_alive_origin() -> (String, Arc<Mutex<usize>>) {
    const KEEP_ALIVE_REPLY: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
X-Request-Id: r-1\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let connections = Arc::new(Mutex::new(0));
    let count = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            *count.lock().expect("lock") += 1;
            tokio::spawn(async move {
                while !read_head(&mut stream).await.is_empty() {
                    if stream.write_all(KEEP_ALIVE_REPLY).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{address}"), connections)
}

#[tokio::test]
async fn clients_of_a_shared_config_share_one_connection_pool() {
    let (endpoint, connections) = keep_alive_origin().await;
    let shared = settings(&endpoint).build_shared().expect("shared client");
    let first = service_client(shared.clone());
    let second = service_client(shared);
    call(&first).await.expect("first");
    call(&second).await.expect("second");
    assert_eq!(
        *connections.lock().expect("lock"),
        1,
        "one pooled connection"
    );

    // Built with `build`, each service client has its own pool.
    let (endpoint, connections) = keep_alive_origin().await;
    let separate = settings(&endpoint).build();
    call(&service_client(separate.clone()))
        .await
        .expect("first");
    call(&service_client(separate)).await.expect("second");
    assert_eq!(*connections.lock().expect("lock"), 2, "a connection each");
}

#[tokio::test]
async fn an_application_built_http_client_is_used() {
    let (proxy_url, heads) = proxy().await;
    let http = huaweicloud_sdk_core::http_client_builder()
        .expect("builder")
        .proxy(huaweicloud_sdk_core::reqwest::Proxy::http(&proxy_url).expect("proxy"))
        .build()
        .expect("client");
    let client = service_client(settings("http://service.invalid").http_client(http).build());
    call(&client)
        .await
        .expect("answered through the application's proxy");
    assert_eq!(heads.lock().expect("lock").len(), 1);
}

#[tokio::test]
async fn an_application_client_with_proxy_settings_too_is_a_config_error() {
    let http = huaweicloud_sdk_core::http_client_builder()
        .expect("builder")
        .build()
        .expect("client");
    let error = ServiceClient::new(
        &SERVICE,
        settings("http://127.0.0.1:1")
            .http_client(http)
            .proxy(Proxy::http("http://127.0.0.1:2"))
            .build(),
    )
    .expect_err("both");
    assert!(error.to_string().contains("http_client"), "{error}");
}
