//! The TLS setup of the HTTP client that a [`Config`](crate::Config) describes, for the
//! backend the crate's features choose.
//!
//! With rustls, the crypto provider (`ring` by default, aws-lc-rs with the
//! `rustls-aws-lc` feature) is put into this client's own TLS configuration. It is never
//! installed as rustls's process-wide default: an application that installs its own
//! default provider keeps it, and ours never fails because another is installed.

use crate::error::Error;

/// What the TLS layer is asked to do beyond the defaults.
pub(crate) struct TlsSettings<'a> {
    /// PEM texts, each holding one or more certificates to trust besides the platform's.
    pub extra_roots_pem: &'a [Vec<u8>],
    /// Skip certificate verification (test environments only).
    pub accept_invalid_certificates: bool,
}

/// Which TLS backend this build uses, for messages and docs.
pub(crate) const BACKEND: Option<&str> = if cfg!(feature = "native-tls") {
    Some("native-tls")
} else if cfg!(feature = "rustls-aws-lc") {
    Some("rustls (aws-lc-rs)")
} else if cfg!(feature = "rustls") {
    Some("rustls (ring)")
} else {
    None
};

/// [`configure`] with the SDK's defaults: the platform's roots, verification on.
pub(crate) fn configure_default(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::ClientBuilder, Error> {
    configure(
        builder,
        &TlsSettings {
            extra_roots_pem: &[],
            accept_invalid_certificates: false,
        },
    )
}

/// Set `builder` up for the chosen backend with `settings`.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    settings: &TlsSettings<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    #[cfg(feature = "native-tls")]
    {
        native::configure(builder, settings)
    }
    #[cfg(all(
        not(feature = "native-tls"),
        any(feature = "rustls", feature = "rustls-aws-lc")
    ))]
    {
        Ok(builder.tls_backend_preconfigured(rustls_tls::client_config(settings)?))
    }
    #[cfg(not(any(feature = "native-tls", feature = "rustls", feature = "rustls-aws-lc")))]
    {
        if !settings.extra_roots_pem.is_empty() || settings.accept_invalid_certificates {
            return Err(Error::Config(
                "TLS settings were given, but this build has no TLS backend: enable the \
                 `rustls`, `rustls-aws-lc` or `native-tls` feature"
                    .to_owned(),
            ));
        }
        Ok(builder)
    }
}

/// The error for the `index`th (from 1) root certificate PEM text.
#[cfg(any(feature = "native-tls", feature = "rustls", feature = "rustls-aws-lc"))]
fn bad_root(index: usize, why: impl std::fmt::Display) -> Error {
    Error::Config(format!(
        "root certificate #{index} (ConfigBuilder::add_root_certificate_pem) is not usable: {why}"
    ))
}

#[cfg(feature = "native-tls")]
mod native {
    use super::{TlsSettings, bad_root};
    use crate::error::Error;

    pub(super) fn configure(
        mut builder: reqwest::ClientBuilder,
        settings: &TlsSettings<'_>,
    ) -> Result<reqwest::ClientBuilder, Error> {
        builder = builder.tls_backend_native();
        for (index, pem) in settings.extra_roots_pem.iter().enumerate() {
            let certificates =
                reqwest::Certificate::from_pem_bundle(pem).map_err(|e| bad_root(index + 1, e))?;
            if certificates.is_empty() {
                return Err(bad_root(index + 1, "it holds no PEM certificate"));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        Ok(builder.tls_danger_accept_invalid_certs(settings.accept_invalid_certificates))
    }
}

#[cfg(all(
    not(feature = "native-tls"),
    any(feature = "rustls", feature = "rustls-aws-lc")
))]
mod rustls_tls {
    use std::sync::Arc;

    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::crypto::CryptoProvider;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{DigitallySignedStruct, SignatureScheme};

    use super::{TlsSettings, bad_root};
    use crate::error::Error;

    /// The crypto provider of this build: aws-lc-rs when asked for, else ring.
    fn provider() -> Arc<CryptoProvider> {
        #[cfg(feature = "rustls-aws-lc")]
        {
            Arc::new(rustls::crypto::aws_lc_rs::default_provider())
        }
        #[cfg(not(feature = "rustls-aws-lc"))]
        {
            // rustls 0.23.48 deprecates the ring provider because it lacks post-quantum
            // key exchange; it stays supported and needs no C toolchain, which is why it
            // is the default here (`rustls-aws-lc` chooses post-quantum).
            #[allow(deprecated)]
            let provider = rustls::crypto::ring::default_provider();
            Arc::new(provider)
        }
    }

    /// A rustls client configuration: the platform's roots plus the extra ones, verified
    /// by the platform verifier as reqwest's own rustls setup does, or no verification.
    pub(super) fn client_config(settings: &TlsSettings<'_>) -> Result<rustls::ClientConfig, Error> {
        let provider = provider();
        let tls_error =
            |e: rustls::Error| Error::Config(format!("could not set up TLS (rustls): {e}"));
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(tls_error)?
            .dangerous();
        let builder = if settings.accept_invalid_certificates {
            builder.with_custom_certificate_verifier(Arc::new(NoVerification(provider)))
        } else {
            let roots = extra_roots(settings.extra_roots_pem)?;
            let verifier = if roots.is_empty() {
                rustls_platform_verifier::Verifier::new(provider)
            } else {
                rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider)
            }
            .map_err(tls_error)?;
            builder.with_custom_certificate_verifier(Arc::new(verifier))
        };
        let mut config = builder.with_no_client_auth();
        // reqwest is built without HTTP/2 here, so offer HTTP/1.1 only.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }

    fn extra_roots(pems: &[Vec<u8>]) -> Result<Vec<CertificateDer<'static>>, Error> {
        let mut roots = Vec::new();
        for (index, pem) in pems.iter().enumerate() {
            let before = roots.len();
            for certificate in CertificateDer::pem_slice_iter(pem) {
                roots.push(certificate.map_err(|e| bad_root(index + 1, e))?);
            }
            if roots.len() == before {
                return Err(bad_root(
                    index + 1,
                    "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                ));
            }
        }
        Ok(roots)
    }

    /// Accepts any server certificate, still checking that the handshake is signed by
    /// the key the certificate names. Only reachable through
    /// `ConfigBuilder::danger_accept_invalid_certificates`.
    #[derive(Debug)]
    struct NoVerification(Arc<CryptoProvider>);

    impl ServerCertVerifier for NoVerification {
        fn verify_server_cert(
            &self,
            _end_entity: &CertificateDer<'_>,
            _intermediates: &[CertificateDer<'_>],
            _server_name: &ServerName<'_>,
            _ocsp_response: &[u8],
            _now: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
}
