//! The HTTP side of a [`Config`]: proxies, extra root certificates, the opt-out of
//! certificate verification, and which `reqwest::Client` (so which connection pool) the
//! service clients use.
//!
//! That one client carries everything that goes to a public endpoint: the calls, the
//! id lookups at IAM, and the credential exchanges at IAM and STS (handed to the
//! providers with `ProvideCredentials::provide_credentials_through`). The ECS metadata
//! service and the CCE pod identity agent are link-local: their providers call them
//! directly, never through a proxy.

use std::sync::Once;
use std::time::Duration;

use crate::client::transport_error;
use crate::config::{Config, ConfigBuilder};
use crate::credentials::Secret;
use crate::error::Error;
use crate::request::OperationRequest;
use crate::tls::{self, TlsSettings};

/// The HTTP settings of a [`Config`].
#[derive(Clone, Debug, Default)]
pub(crate) struct HttpSettings {
    proxies: Vec<Proxy>,
    root_certificates_pem: Vec<Vec<u8>>,
    accept_invalid_certificates: bool,
    pub(crate) client: Option<HttpClient>,
}

/// Where a service client's `reqwest::Client` comes from, when not built per client.
#[derive(Clone, Debug)]
pub(crate) enum HttpClient {
    /// Built by [`ConfigBuilder::build_shared`] from these settings.
    Shared(reqwest::Client),
    /// Built by the application ([`ConfigBuilder::http_client`]).
    Application(reqwest::Client),
    /// Answers from rules, without sockets.
    #[cfg(feature = "test-util")]
    Double(crate::test_util::TestDouble),
}

/// What a service client sends its requests through.
#[derive(Clone, Debug)]
pub(crate) enum Transport {
    /// The service client's HTTP client.
    Http,
    #[cfg(feature = "test-util")]
    Double(crate::test_util::TestDouble),
}

impl Transport {
    /// Send one attempt of `request`, already built as `http`; the reply's head.
    pub(crate) async fn execute(
        &self,
        client: &reqwest::Client,
        request: &OperationRequest,
        http: reqwest::Request,
    ) -> Result<reqwest::Response, Error> {
        match self {
            Transport::Http => client
                .execute(http)
                .await
                .map_err(|e| transport_error(request.operation, None, None, e)),
            #[cfg(feature = "test-util")]
            Transport::Double(double) => double.answer(request, &http),
        }
    }
}

/// A proxy for the calls of a client, and for its credential exchanges at IAM and STS.
/// Without one, reqwest's reading of the usual environment variables (`HTTPS_PROXY`,
/// `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) applies. The link-local ECS metadata service
/// and CCE pod identity agent are never reached through a proxy, whichever applies.
#[derive(Clone, Debug)]
pub struct Proxy {
    url: String,
    scheme: ProxyScheme,
    basic_auth: Option<(String, Secret)>,
    no_proxy: Option<String>,
}

#[derive(Clone, Copy, Debug)]
enum ProxyScheme {
    Http,
    Https,
    All,
}

impl Proxy {
    /// Send `http://` calls through the proxy at `url` (e.g. `http://proxy.internal:3128`).
    pub fn http(url: impl Into<String>) -> Self {
        Self::new(url, ProxyScheme::Http)
    }

    /// Send `https://` calls through the proxy at `url`, tunnelled with `CONNECT`.
    pub fn https(url: impl Into<String>) -> Self {
        Self::new(url, ProxyScheme::Https)
    }

    /// Send every call through the proxy at `url`.
    pub fn all(url: impl Into<String>) -> Self {
        Self::new(url, ProxyScheme::All)
    }

    fn new(url: impl Into<String>, scheme: ProxyScheme) -> Self {
        Proxy {
            url: url.into(),
            scheme,
            basic_auth: None,
            no_proxy: None,
        }
    }

    /// Authenticate to the proxy with a user name and password (`Proxy-Authorization:
    /// Basic`). The password stays out of `Debug` output.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic_auth = Some((username.into(), Secret::new(password)));
        self
    }

    /// Hosts reached without the proxy: a comma-separated list in the `NO_PROXY` format
    /// (`localhost,.internal.example.com,10.0.0.0/8`).
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy = Some(hosts.into());
        self
    }

    fn to_reqwest(&self) -> Result<reqwest::Proxy, Error> {
        let built = match self.scheme {
            ProxyScheme::Http => reqwest::Proxy::http(&self.url),
            ProxyScheme::Https => reqwest::Proxy::https(&self.url),
            ProxyScheme::All => reqwest::Proxy::all(&self.url),
        };
        let mut proxy = built.map_err(|e| {
            Error::Config(format!("the proxy URL `{}` is not valid: {e}", self.url))
        })?;
        if let Some((username, password)) = &self.basic_auth {
            proxy = proxy.basic_auth(username, password.expose());
        }
        if let Some(hosts) = &self.no_proxy {
            proxy = proxy.no_proxy(reqwest::NoProxy::from_string(hosts));
        }
        Ok(proxy)
    }
}

impl ConfigBuilder {
    /// Send calls through `proxy`, and the credential exchanges at IAM and STS too. Call it
    /// once per scheme to use different proxies for `http://` and `https://`. When none is
    /// set, the proxy environment variables apply. The ECS metadata service and the CCE
    /// pod identity agent (link-local) are always called directly.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.config.http.proxies.push(proxy);
        self
    }

    /// Trust the certificates in `pem` (one or more `-----BEGIN CERTIFICATE-----` blocks)
    /// as roots, besides the platform's: for a private CA or a TLS-inspecting proxy. They
    /// apply to the calls and to the credential exchanges at IAM and STS.
    /// A text that holds no certificate fails when the client is built.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.config.http.root_certificates_pem.push(pem.into());
        self
    }

    /// Accept any server certificate: expired, self-signed, for another host. For test
    /// environments only: anyone on the path can then read and change the calls,
    /// credentials included. Building a client with it logs a warning (once per process).
    pub fn danger_accept_invalid_certificates(mut self, accept: bool) -> Self {
        self.config.http.accept_invalid_certificates = accept;
        self
    }

    /// Use `client` (built by the application, with its own pool, proxy, TLS and
    /// timeouts) for every call, and for the credential exchanges at IAM and STS (not for
    /// the link-local metadata service and pod identity agent, always called directly).
    /// The configuration's proxy and certificate settings must then be set on `client`
    /// instead: setting both is an error when a service client is built. Calls still
    /// carry this configuration's timeout. Prefer a client that does not follow
    /// redirects (`reqwest::redirect::Policy::none()`): a redirect would carry
    /// the credentials' headers to whatever host it names.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.config.http.client = Some(HttpClient::Application(client));
        self
    }

    /// Finish the configuration with one HTTP client built now from its HTTP settings:
    /// every service client made from the result, or from its clones, shares that
    /// client's connection pool. (`build` makes each service client build its own.)
    pub fn build_shared(self) -> Result<Config, Error> {
        let mut config = self.build();
        if config.http.client.is_none() {
            let client = build_client(&config.http, config.connect_timeout, config.timeout)?;
            config.http.client = Some(HttpClient::Shared(client));
        }
        Ok(config)
    }
}

/// The HTTP client and the transport of a service client built from `config`. With a
/// test double, the HTTP client serves credential providers only.
pub(crate) fn transport_for(config: &Config) -> Result<(reqwest::Client, Transport), Error> {
    let settings = &config.http;
    let client = match &settings.client {
        #[cfg(feature = "test-util")]
        Some(HttpClient::Double(double)) => {
            let client = build_client(settings, config.connect_timeout, config.timeout)?;
            return Ok((client, Transport::Double(double.clone())));
        }
        Some(HttpClient::Shared(client)) => client.clone(),
        Some(HttpClient::Application(client)) => {
            if !settings.proxies.is_empty()
                || !settings.root_certificates_pem.is_empty()
                || settings.accept_invalid_certificates
            {
                return Err(Error::Config(
                    "the configuration has both an application-built HTTP client \
                     (ConfigBuilder::http_client) and proxy or certificate settings; set \
                     those on the reqwest::Client instead"
                        .to_owned(),
                ));
            }
            client.clone()
        }
        None => build_client(settings, config.connect_timeout, config.timeout)?,
    };
    Ok((client, Transport::Http))
}

/// Whether `config`'s calls to an `https://` endpoint can work in this build.
pub(crate) fn supports_https(config: &Config) -> bool {
    match config.http.client {
        Some(HttpClient::Application(_)) => true,
        #[cfg(feature = "test-util")]
        Some(HttpClient::Double(_)) => true,
        _ => tls::BACKEND.is_some(),
    }
}

/// A `reqwest::ClientBuilder` set up as the SDK sets up its own: this build's TLS backend
/// (with rustls, the crypto provider of the crate's features, in the client's own TLS
/// configuration), no redirects, the default connect timeout. Add what the application
/// needs (proxy, pool sizes, ...), build, and pass the client to
/// [`ConfigBuilder::http_client`].
///
/// With rustls, the TLS configuration is complete here: reqwest's own certificate
/// settings on the returned builder do not apply. (A plain `reqwest::Client::new()`
/// needs a process-wide rustls provider, which this SDK never installs.)
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    tls::configure_default(base_builder(
        crate::config::DEFAULT_CONNECT_TIMEOUT,
        crate::config::DEFAULT_TIMEOUT,
    ))
}

fn base_builder(connect_timeout: Duration, timeout: Duration) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        // Calls and credential exchanges set their own timeout per request; this one
        // bounds the requests that set none (the id lookups at IAM).
        .timeout(timeout)
        // A redirect would carry X-Auth-Token to whatever host it names (reqwest strips
        // only standard credential headers) and would break an AK/SK signature anyway.
        .redirect(reqwest::redirect::Policy::none())
}

fn build_client(
    settings: &HttpSettings,
    connect_timeout: Duration,
    timeout: Duration,
) -> Result<reqwest::Client, Error> {
    let mut builder = base_builder(connect_timeout, timeout);
    for proxy in &settings.proxies {
        builder = builder.proxy(proxy.to_reqwest()?);
    }
    if settings.accept_invalid_certificates {
        warn_once_about_verification();
    }
    builder = tls::configure(
        builder,
        &TlsSettings {
            extra_roots_pem: &settings.root_certificates_pem,
            accept_invalid_certificates: settings.accept_invalid_certificates,
        },
    )?;
    builder
        .build()
        .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))
}

fn warn_once_about_verification() {
    static WARNED: Once = Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            "TLS certificate verification is off (ConfigBuilder::danger_accept_invalid_certificates): \
             calls and credentials can be read and changed by anyone on the network path"
        );
    });
}
