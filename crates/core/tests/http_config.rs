//! HTTP configuration against local servers: a proxy (plain HTTP and `CONNECT`), with
//! basic credentials and a no-proxy list; a TLS server whose certificate a test CA
//! signs (generated here); the opt-out of verification; shared and application-built
//! HTTP clients; and the credential exchanges at IAM and STS, which go through the same
//! transport, while the link-local metadata service and pod identity agent never do.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::keys::*;
use common::*;
use huaweicloud_sdk_core::credentials::metadata::MetadataProvider;
use huaweicloud_sdk_core::credentials::oidc::IdTokenProvider;
use huaweicloud_sdk_core::credentials::pod_identity::PodIdentityProvider;
use huaweicloud_sdk_core::credentials::profile::ProfileProvider;
use huaweicloud_sdk_core::{
    Config, ConfigBuilder, Credentials, CredentialsKind, Error, ProvideCredentials, Proxy,
    ServiceClient,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
    proxy_to(None).await
}

/// A proxy that tunnels `CONNECT` requests to their target and sends plain requests to
/// `upstream`, whatever host they name (so that a name that resolves nowhere, such as
/// `iam.invalid`, reaches a local server), or answers them itself without one. Each
/// plain request gets a connection of its own, so that every head passes here and is
/// recorded.
async fn proxy_to(upstream: Option<SocketAddr>) -> (String, Arc<Mutex<Vec<String>>>) {
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
                if let Some(target) = head.strip_prefix("CONNECT ") {
                    let target = target.split_whitespace().next().unwrap_or_default();
                    let Some(mut upstream) = connect_or_502(&mut stream, target).await else {
                        return;
                    };
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await;
                    let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
                } else if let Some(upstream) = upstream {
                    let Some(mut upstream) = connect_or_502(&mut stream, upstream).await else {
                        return;
                    };
                    // The head again, asking the server to close after its reply.
                    let head = head.strip_suffix("\r\n").unwrap_or(&head);
                    let head = format!("{head}Connection: close\r\n\r\n");
                    if upstream.write_all(head.as_bytes()).await.is_ok() {
                        let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
                    }
                } else {
                    let _ = stream.write_all(REPLY).await;
                }
            });
        }
    });
    (format!("http://{address}"), heads)
}

/// A connection to `target`, or a 502 on `stream` when there is none.
async fn connect_or_502(
    stream: &mut TcpStream,
    target: impl tokio::net::ToSocketAddrs,
) -> Option<TcpStream> {
    let upstream = TcpStream::connect(target).await.ok();
    if upstream.is_none() {
        let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
    }
    upstream
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
    // Deprecated from rustls 0.23.48 (no post-quantum key exchange); the test server
    // uses what the default client build uses.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let server = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
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
    let (origin, _) = origin().await;
    let address = origin
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    tls_front(pki, address).await
}

/// A TLS server for `localhost` that passes what it decrypts on to the plain HTTP
/// server at `upstream`.
async fn tls_front(pki: &TestPki, upstream: SocketAddr) -> String {
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
                let Ok(mut upstream) = TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
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

// ---- credential exchanges ----

/// An IAM endpoint that resolves nowhere: only a proxy can reach it.
const IAM_BEHIND_PROXY: &str = "http://iam.invalid";

/// IAM exchanging the id token `id-token` of identity provider `my-idp` for the first
/// temporary keys.
async fn iam_exchanging_id_tokens() -> MockServer {
    let iam = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3.0/OS-AUTH/id-token/tokens"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Subject-Token", "unscoped-token")
                .set_body_json(json!({"token": {}})),
        )
        .mount(&iam)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3.0/OS-CREDENTIAL/securitytokens"))
        .respond_with(ResponseTemplate::new(201).set_body_json(keys_reply(1, &expiry(6))))
        .mount(&iam)
        .await;
    iam
}

/// A service answering every call with `{}`.
async fn service() -> MockServer {
    let service = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&service)
        .await;
    service
}

/// Call `service` once with `config`, whose credentials come from `source`, and check
/// that the call was signed with the first temporary keys.
async fn call_signed_with_first_keys(source: &str, service: &MockServer, config: Config) {
    let client = service_client(config);
    if let Err(error) = client.send::<serde_json::Value>(show_thing(&client)).await {
        panic!("{source}: no call with the exchanged keys: {error}");
    }
    let asked = requests(service).await;
    assert_eq!(asked.len(), 1, "{source}");
    assert_eq!(signed_with(&asked[0]), temporary_ak(1), "{source}");
}

fn text_file(content: &str) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().expect("file");
    std::fs::write(file.path(), content).expect("write");
    file
}

/// The start of a configuration for `service`, without credentials.
fn calling(service: &MockServer) -> ConfigBuilder {
    Config::builder()
        .endpoint(service.uri())
        .project_id(PROJECT_ID)
        .retry(huaweicloud_sdk_core::RetryPolicy::disabled())
}

/// A configuration for a service, whose credentials come from an id token exchanged at
/// `IAM_BEHIND_PROXY`, with the proxy at the given URL.
type ProxiedSource<'a> = Box<dyn Fn(&MockServer, &str) -> Config + 'a>;

/// The proxy for IAM; the service itself is called directly.
fn proxy_for_iam(url: &str) -> Proxy {
    Proxy::http(url).no_proxy("127.0.0.1")
}

#[tokio::test]
async fn id_token_exchanges_at_iam_go_through_the_proxy_of_the_configuration() {
    let token_file = text_file("id-token");
    let token_path = token_file.path().to_string_lossy().into_owned();
    let profile = text_file(&format!(
        "[basic]\nidp_id = my-idp\nid_token_file = {token_path}\niam_endpoint = {IAM_BEHIND_PROXY}\n"
    ));
    let id_token_provider = || IdTokenProvider::new("my-idp", token_file.path(), IAM_BEHIND_PROXY);
    let sources: [(&str, ProxiedSource); 4] = [
        (
            "an id token provider",
            Box::new(|service, proxy| {
                calling(service)
                    .proxy(proxy_for_iam(proxy))
                    .credentials_provider(id_token_provider())
                    .build()
            }),
        ),
        (
            "the environment's identity provider, on a shared client",
            Box::new(|service, proxy| {
                let token_path = token_path.clone();
                ConfigBuilder::from_lookup(move |name| match name {
                    "HUAWEICLOUD_SDK_IDP_ID" => Some("my-idp".to_owned()),
                    "HUAWEICLOUD_SDK_ID_TOKEN_FILE" => Some(token_path.clone()),
                    "HUAWEICLOUD_SDK_IAM_ENDPOINT" => Some(IAM_BEHIND_PROXY.to_owned()),
                    _ => None,
                })
                .expect("valid environment")
                .endpoint(service.uri())
                .project_id(PROJECT_ID)
                .proxy(proxy_for_iam(proxy))
                .build_shared()
                .expect("a shared client")
            }),
        ),
        (
            "a profile file's identity provider",
            Box::new(|service, proxy| {
                calling(service)
                    .proxy(proxy_for_iam(proxy))
                    .credentials_provider(ProfileProvider::new(
                        profile.path(),
                        CredentialsKind::Basic,
                    ))
                    .build()
            }),
        ),
        (
            "an id token provider, on an application-built client",
            Box::new(|service, proxy| {
                let http = huaweicloud_sdk_core::http_client_builder()
                    .expect("builder")
                    .proxy(
                        huaweicloud_sdk_core::reqwest::Proxy::http(proxy)
                            .expect("proxy")
                            .no_proxy(huaweicloud_sdk_core::reqwest::NoProxy::from_string(
                                "127.0.0.1",
                            )),
                    )
                    .build()
                    .expect("client");
                calling(service)
                    .http_client(http)
                    .credentials_provider(id_token_provider())
                    .build()
            }),
        ),
    ];
    for (source, config) in sources {
        let iam = iam_exchanging_id_tokens().await;
        let (proxy_url, heads) = proxy_to(Some(*iam.address())).await;
        let service = service().await;
        call_signed_with_first_keys(source, &service, config(&service, &proxy_url)).await;
        let heads = heads.lock().expect("lock").clone();
        let request_lines: Vec<&str> = heads
            .iter()
            .map(|head| head.lines().next().unwrap_or_default())
            .collect();
        assert_eq!(
            request_lines,
            [
                "POST http://iam.invalid/v3.0/OS-AUTH/id-token/tokens HTTP/1.1",
                "POST http://iam.invalid/v3.0/OS-CREDENTIAL/securitytokens HTTP/1.1",
            ],
            "{source}"
        );
    }
}

#[tokio::test]
async fn web_identity_exchanges_at_sts_trust_the_root_certificates_of_the_configuration() {
    let pki = test_pki();
    let sts = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v5/agencies/assume-with-oidc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
        .mount(&sts)
        .await;
    let sts_endpoint = tls_front(&pki, *sts.address()).await;
    let (proxy_url, heads) = proxy().await;
    let environment = move |name: &str| match name {
        "HUAWEICLOUD_OIDC_PROVIDER_URN" => Some("urn:provider".to_owned()),
        "HUAWEICLOUD_OIDC_AGENCY_URN" => Some("urn:agency".to_owned()),
        "HUAWEICLOUD_OIDC_ID_TOKEN" => Some("web-id-token".to_owned()),
        "HUAWEICLOUD_SDK_STS_ENDPOINT" => Some(sts_endpoint.clone()),
        _ => None,
    };
    let service = service().await;
    let config = ConfigBuilder::from_lookup(environment)
        .expect("valid environment")
        .endpoint(service.uri())
        .project_id(PROJECT_ID)
        .add_root_certificate_pem(pki.ca_pem.clone())
        // STS is `https://localhost`: tunnelled through the proxy.
        .proxy(Proxy::https(&proxy_url))
        .build();
    call_signed_with_first_keys("OIDC web identity", &service, config).await;
    let heads = heads.lock().expect("lock").clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(heads[0].starts_with("CONNECT localhost:"), "{}", heads[0]);
    assert_eq!(count(&sts, "/v5/agencies/assume-with-oidc").await, 1);
}

/// The heads a proxy for every scheme saw while a client with keys from `provider`
/// made one call to `http://service.invalid` (which the proxy answers itself).
async fn heads_through_a_proxy_for_everything(
    provider: impl ProvideCredentials + 'static,
) -> Vec<String> {
    let (proxy_url, heads) = proxy().await;
    let client = service_client(
        Config::builder()
            .endpoint("http://service.invalid")
            .project_id(PROJECT_ID)
            .retry(huaweicloud_sdk_core::RetryPolicy::disabled())
            .proxy(Proxy::all(&proxy_url))
            .credentials_provider(provider)
            .build(),
    );
    call(&client).await.expect("answered by the proxy");
    heads.lock().expect("lock").clone()
}

#[tokio::test]
async fn metadata_and_pod_identity_are_reached_directly_even_with_a_proxy_for_everything() {
    let metadata = metadata_server(KeySequence::new(&[6])).await;
    let agent = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(keys_reply(1, &expiry(6))))
        .mount(&agent)
        .await;
    let pod_token = text_file("pod-token");
    let by_metadata = heads_through_a_proxy_for_everything(MetadataProvider::new(
        metadata.uri(),
        Duration::from_secs(2),
    ))
    .await;
    let by_pod_identity = heads_through_a_proxy_for_everything(PodIdentityProvider::new(
        agent.uri(),
        pod_token.path(),
    ))
    .await;
    for (source, heads) in [
        ("ECS metadata", by_metadata),
        ("CCE pod identity", by_pod_identity),
    ] {
        // Only the call itself passed the proxy, signed with the keys fetched directly.
        assert_eq!(heads.len(), 1, "{source}: {heads:?}");
        assert!(
            heads[0].starts_with(&format!("GET http://service.invalid{THING_PATH} ")),
            "{source}: {}",
            heads[0]
        );
        let authorization = header(&heads[0], "authorization").unwrap_or_default();
        assert!(
            authorization.contains(&format!("Access={}", temporary_ak(1))),
            "{source}: {authorization}"
        );
    }
    assert_eq!(count(&metadata, "/openstack/latest/securitykey").await, 1);
    assert_eq!(requests(&agent).await.len(), 1);
}
