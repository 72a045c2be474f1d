//! Runtime shared by the generated Huawei Cloud service crates
//! (`huaweicloud-sdk-secmaster`, `huaweicloud-sdk-coc`, `huaweicloud-sdk-aom`).
//!
//! Applications mostly touch three things here: [`Config`] (where and as whom to call),
//! [`Credentials`], and [`Error`] (what went wrong, with the request id). The generated
//! crates re-export all three.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// On docs.rs, label each item with the features it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod client;
mod config;
pub mod credentials;
mod discovery;
mod endpoint;
mod error;
mod error_body;
mod http;
pub mod open_enum;
pub mod paginate;
mod request;
mod response;
mod retry;
pub mod serde_support;
pub mod signer;
#[cfg(feature = "test-util")]
pub mod test_util;
mod tls;
pub mod validate;

pub use client::ServiceClient;
pub use config::{Config, ConfigBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use credentials::chain::CredentialsChain;
pub use credentials::{
    AccessKey, Credentials, CredentialsError, CredentialsKind, ProvideCredentials,
    ProvidedCredentials, Scope, Secret,
};
pub use endpoint::{ServiceInfo, override_variable};
pub use error::{DecodeError, Error, InvalidInput, Rule, ServiceError};
pub use http::{Proxy, http_client_builder};
pub use request::{Method, OperationRequest, encode_component};
/// The HTTP client crate, for applications that build their own client
/// ([`ConfigBuilder::http_client`]) with the same version.
pub use reqwest;
pub use response::Response;
pub use retry::RetryPolicy;
