//! A successful reply: the decoded body plus what the service said about the call.

use std::ops::Deref;

/// A decoded success reply. Derefs to the body; keeps the request id for support cases.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: T,
}

impl<T> Response<T> {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `X-Request-Id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping the rest.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}
