//! AK/SK request signing with Huawei Cloud's `SDK-HMAC-SHA256` algorithm.
//!
//! The algorithm is a close cousin of AWS `SigV4` without the credential scope:
//!
//! 1. Build the *canonical request*, six parts joined by `\n`:
//!    - the method, upper-cased;
//!    - the canonical URI: the path is percent-decoded as a whole, split on `/`, each
//!      segment is encoded again (everything but `A-Z a-z 0-9 - . _ ~`), and the result
//!      always ends in `/`;
//!    - the canonical query: `(key, value)` pairs sorted by the *unencoded* key, then
//!      value, each side encoded like a path segment, joined as `k=v&k=v`;
//!    - the canonical headers: `name:value\n` for every signed header, name lower-cased,
//!      value trimmed, sorted by name (so this part ends with an empty line);
//!    - the signed header names joined by `;`;
//!    - the payload hash: hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` for a non-empty
//!      body whose content type is neither JSON nor BSON.
//! 2. The *string to sign* is `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of step 1>`.
//! 3. The signature is the hex HMAC-SHA256 of step 2 keyed with the secret key, sent as
//!    `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>`.
//!
//! The signed headers are the caller's headers whose names have no underscore (the
//! official SDKs skip those, presumably because proxies such as nginx drop them by
//! default and the server would then miss a signed header), plus `Host`,
//! `X-Sdk-Date` and, for an unsigned payload, `X-Sdk-Content-Sha256`.
//!
//! Every rule above is pinned by cases produced by the official signer
//! (`tests/signing_vectors.rs`). Where the official Python signer depends on how its
//! caller spelled things, this one picks the HTTP reading, which the server accepts just
//! the same because it checks whatever headers arrive: header names are matched without
//! regard to case (`Content-Type` included), the content type is trimmed before its
//! prefix is tested, and a caller's `Host`, `X-Sdk-Date`, `X-Sdk-Content-Sha256` or
//! `Authorization` header is ignored rather than signed.
//!
//! The module is pure: the caller passes the date and gets strings back. No clock, no
//! I/O and no HTTP types, so that the same inputs always give the same signature, the
//! vectors can be checked exactly, and the transport stays free to choose its client.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
// ring, not the RustCrypto crates: the default TLS provider builds it anyway, so signing
// adds nothing to an application's build (the RustCrypto stack was about 6 s of CPU).
use ring::{digest, hmac};

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// The header carrying the signing time, `%Y%m%dT%H%M%SZ` in UTC.
pub const DATE_HEADER: &str = "X-Sdk-Date";

/// The header announcing that the body is not covered by the signature.
pub const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";

/// The value of [`CONTENT_SHA256_HEADER`], also used in place of the payload hash.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The header carrying the signature.
pub const AUTHORIZATION_HEADER: &str = "Authorization";

/// Characters left as they are by the official signer (Python's `quote(s, safe='~')`):
/// ASCII letters, digits and `-._~`; every other byte of the UTF-8 form becomes `%XX`.
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Header names the signer itself decides; a caller's copy is ignored (see [`SigningRequest::headers`]).
const RESERVED_HEADERS: [&str; 4] = [
    "host",
    "x-sdk-date",
    "x-sdk-content-sha256",
    "authorization",
];

/// Content types whose body is hashed into the signature; any other one is sent unsigned.
const SIGNED_CONTENT_TYPES: [&str; 2] = ["application/json", "application/bson"];

/// The parts of an HTTP request that the signature covers.
///
/// No `Debug`: the headers may hold a security token.
#[derive(Clone, Copy)]
pub struct SigningRequest<'a> {
    /// HTTP method, in any case (it is upper-cased).
    pub method: &'a str,
    /// The `Host` header the transport will send, with the port when it is not the default.
    pub host: &'a str,
    /// Path exactly as sent (already percent-encoded per segment by the caller), without query.
    ///
    /// Beware: the canonical URI decodes the whole path before splitting it, so an encoded
    /// slash (`a%2Fb`) is signed as a separator (`a/b`), exactly as the official signer does.
    pub path: &'a str,
    /// Query pairs, unencoded, in the order the caller has them (the signer sorts them).
    ///
    /// Non-string values must already be text: numbers in decimal, booleans as `true` or
    /// `false` (the official SDKs lower-case them). Send [`Signature::uri`], whose query
    /// is this list sorted and encoded, rather than building the query another way.
    pub query: &'a [(String, String)],
    /// Headers to be sent (name, value); Host and X-Sdk-Date are added by the signer's
    /// canonicalization, not by the caller.
    ///
    /// A caller's `Host`, `X-Sdk-Date`, `X-Sdk-Content-Sha256` or `Authorization` is
    /// ignored: the signer derives them and returns those the transport must send in
    /// [`Signature::added_headers`]. Names differing only in case are one header, the last
    /// value winning. Names with an underscore are left out of the signature only: the
    /// transport still sends them.
    pub headers: &'a [(String, String)],
    /// The body bytes exactly as sent; empty for no body.
    pub body: &'a [u8],
}

/// Intermediate strings, exposed so tests and debugging can compare each step.
///
/// The canonical request holds the signed header values, a security token included: keep
/// it out of ordinary logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Step 1: method, URI, query, headers, signed header names and payload hash.
    pub canonical_request: String,
    /// Step 2: algorithm, date and hash of the canonical request.
    pub string_to_sign: String,
    /// The signed header names, lower-case, sorted, joined by `;`.
    pub signed_headers: String,
    /// The full `Authorization` header value.
    pub authorization: String,
    /// The request target to send: the path as given, then `?` and the canonical query
    /// when there is one. The server recomputes the canonical query from what it
    /// receives, so sending this string avoids any encoding mismatch.
    pub uri: String,
    /// Headers the transport must add to the request's own: `X-Sdk-Date`, then
    /// `X-Sdk-Content-Sha256` for an unsigned payload, then `Authorization`. `Host` is not
    /// listed: the HTTP client sends it, and it must equal [`SigningRequest::host`].
    pub added_headers: Vec<(&'static str, String)>,
}

/// Sign `request` with the access key pair at `sdk_date`.
///
/// `sdk_date` is the `X-Sdk-Date` value (`%Y%m%dT%H%M%SZ`, UTC) that the caller also sends
/// as a header (it is returned in [`Signature::added_headers`]); it is used verbatim.
#[must_use]
pub fn sign(
    request: &SigningRequest<'_>,
    access_key: &str,
    secret_key: &str,
    sdk_date: &str,
) -> Signature {
    let unsigned_payload = is_unsigned_payload(request);
    let headers = canonical_headers(request, sdk_date, unsigned_payload);
    let mut signed_headers = String::with_capacity(headers.len() * 16);
    for (index, (name, _)) in headers.iter().enumerate() {
        if index > 0 {
            signed_headers.push(';');
        }
        signed_headers.push_str(name);
    }
    let canonical_query = canonical_query_string(request.query);
    let canonical_request = canonical_request(
        request,
        &canonical_query,
        &headers,
        &signed_headers,
        unsigned_payload,
    );
    let mut string_to_sign = String::with_capacity(ALGORITHM.len() + sdk_date.len() + 66);
    for part in [ALGORITHM, "\n", sdk_date, "\n"] {
        string_to_sign.push_str(part);
    }
    push_hex(
        &mut string_to_sign,
        digest::digest(&digest::SHA256, canonical_request.as_bytes()).as_ref(),
    );
    let signature = hmac_sha256_hex(secret_key.as_bytes(), string_to_sign.as_bytes());
    let authorization = format!(
        "{ALGORITHM} Access={access_key}, SignedHeaders={signed_headers}, Signature={signature}"
    );
    let added_headers = added_headers(sdk_date, unsigned_payload, &authorization);
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        authorization,
        uri: request_uri(request.path, &canonical_query),
        added_headers,
    }
}

/// Percent-encode one query key or value the way the signature covers it.
///
/// Everything but ASCII letters, digits and `-._~` is encoded from its UTF-8 bytes with
/// upper-case hex (a space is `%20`, never `+`). The server canonicalizes the query it
/// receives, so a URL whose query is encoded any other way (a form encoder's `+`, an
/// unencoded `/`) may not match the signature: use [`Signature::uri`], or this function.
#[must_use]
pub fn encode_query_component(s: &str) -> String {
    utf8_percent_encode(s, ENCODE_SET).to_string()
}

/// The canonical query: pairs sorted by key then value, encoded, joined as `k=v&k=v`.
///
/// Sorting compares the unencoded strings (Unicode code point order, as the official
/// signer does), not the encoded ones: `x` sorts before `名` although `%E5` would not.
/// Repeated keys stay, ordered by value; an empty value gives `k=`.
#[must_use]
pub fn canonical_query_string(query: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    // `str` ordering is byte order of UTF-8, which is code point order.
    pairs.sort_unstable();
    let mut canonical =
        String::with_capacity(query.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (index, (key, value)) in pairs.into_iter().enumerate() {
        if index > 0 {
            canonical.push('&');
        }
        canonical.extend(utf8_percent_encode(key, ENCODE_SET));
        canonical.push('=');
        canonical.extend(utf8_percent_encode(value, ENCODE_SET));
    }
    canonical
}

/// Format a unix timestamp (seconds) as an X-Sdk-Date value, without any date crate
/// (civil-from-days algorithm).
#[must_use]
pub fn format_sdk_date(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let second_of_day = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        second_of_day / 3_600,
        second_of_day % 3_600 / 60,
        second_of_day % 60
    )
}

/// Proleptic Gregorian (year, month, day) of a count of days since 1970-01-01.
///
/// Howard Hinnant's `civil_from_days`, restricted to non-negative days so that it needs
/// only unsigned arithmetic. Eras are 400-year cycles starting on 0000-03-01, so that the
/// leap day falls at the end of each computed year.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // 719_468 days from 0000-03-01 to 1970-01-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months counted from March: 0 = March ... 11 = February.
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

/// Join the six parts of the canonical request.
fn canonical_request(
    request: &SigningRequest<'_>,
    canonical_query: &str,
    headers: &[(Cow<'_, str>, &str)],
    signed_headers: &str,
    unsigned_payload: bool,
) -> String {
    let header_len: usize = headers
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    let mut canonical = String::with_capacity(
        request.method.len()
            + request.path.len() * 3
            + canonical_query.len()
            + header_len
            + signed_headers.len()
            + 72,
    );
    canonical.extend(request.method.chars().map(|c| c.to_ascii_uppercase()));
    canonical.push('\n');
    push_canonical_uri(&mut canonical, request.path);
    canonical.push('\n');
    canonical.push_str(canonical_query);
    canonical.push('\n');
    for (name, value) in headers {
        for part in [name, ":", value, "\n"] {
            canonical.push_str(part);
        }
    }
    canonical.push('\n');
    canonical.push_str(signed_headers);
    canonical.push('\n');
    push_payload_hash(&mut canonical, request.body, unsigned_payload);
    canonical
}

/// The last line of the canonical request.
fn push_payload_hash(out: &mut String, body: &[u8], unsigned_payload: bool) {
    // The official signer tests for an empty body first: an empty body signs the hash of
    // nothing even when `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is among the headers.
    if unsigned_payload && !body.is_empty() {
        out.push_str(UNSIGNED_PAYLOAD);
    } else {
        push_hex(out, digest::digest(&digest::SHA256, body).as_ref());
    }
}

/// Decode the whole path, split it on `/`, encode each segment again, end with `/`.
///
/// Decoding first makes `ws 1` and `ws%201` sign alike; it also turns `%2F` into a
/// separator, which the official signer does too. Invalid UTF-8 after decoding becomes
/// U+FFFD, as Python's `unquote` does. An empty path signs as `/`.
fn push_canonical_uri(out: &mut String, path: &str) {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    for (index, segment) in decoded.split('/').enumerate() {
        if index > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, ENCODE_SET));
    }
    if !out.ends_with('/') {
        out.push('/');
    }
}

/// Signed headers as (lower-case name, trimmed value), sorted by name; of names that
/// differ only in case, the last one given wins.
fn canonical_headers<'a>(
    request: &SigningRequest<'a>,
    sdk_date: &'a str,
    unsigned_payload: bool,
) -> Vec<(Cow<'a, str>, &'a str)> {
    let mut headers: Vec<(Cow<'a, str>, &'a str)> = Vec::with_capacity(request.headers.len() + 3);
    for (name, value) in request.headers {
        let name = lower_case(name);
        if is_signable(&name) {
            headers.push((name, value.trim()));
        }
    }
    headers.push((Cow::Borrowed("host"), request.host.trim()));
    headers.push((Cow::Borrowed("x-sdk-date"), sdk_date));
    if unsigned_payload {
        headers.push((Cow::Borrowed("x-sdk-content-sha256"), UNSIGNED_PAYLOAD));
    }
    // Stable: among equal names the caller's order stays, so keeping the last keeps the
    // last value given.
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut unique: Vec<(Cow<'a, str>, &'a str)> = Vec::with_capacity(headers.len());
    for header in headers {
        match unique.last_mut() {
            Some(last) if last.0 == header.0 => *last = header,
            _ => unique.push(header),
        }
    }
    unique
}

/// `name` in lower case, borrowed when it already is (most names are sent as written).
fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Whether a caller's header (lower-case name) enters the signature.
fn is_signable(name: &str) -> bool {
    // The official SDKs skip underscored names (proxies may drop them on the way).
    !name.contains('_') && !RESERVED_HEADERS.contains(&name)
}

/// Whether the request announces a content type whose body the official signer leaves
/// unsigned: present, and neither JSON nor BSON (parameters such as `;charset=` allowed).
///
/// The name is matched case-insensitively and the value trimmed (the official Python SDK
/// looks up exactly `Content-Type`, untrimmed); the prefix itself is matched
/// case-sensitively, as it does.
fn is_unsigned_payload(request: &SigningRequest<'_>) -> bool {
    let content_type = request
        .headers
        .iter()
        .rev()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.trim());
    match content_type {
        Some(value) if !value.is_empty() => !SIGNED_CONTENT_TYPES
            .iter()
            .any(|signed| value.starts_with(signed)),
        _ => false,
    }
}

/// `path`, then `?query` when the canonical query is not empty.
fn request_uri(path: &str, canonical_query: &str) -> String {
    if canonical_query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{canonical_query}")
    }
}

/// The headers the transport adds, in the order they are documented on [`Signature`].
fn added_headers(
    sdk_date: &str,
    unsigned_payload: bool,
    authorization: &str,
) -> Vec<(&'static str, String)> {
    let mut headers = vec![(DATE_HEADER, sdk_date.to_owned())];
    if unsigned_payload {
        headers.push((CONTENT_SHA256_HEADER, UNSIGNED_PAYLOAD.to_owned()));
    }
    headers.push((AUTHORIZATION_HEADER, authorization.to_owned()));
    headers
}

/// Lower-case hex HMAC-SHA256 of `data` under `key`.
fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> String {
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data);
    let mut hex = String::with_capacity(64);
    push_hex(&mut hex, tag.as_ref());
    hex
}

/// Append the lower-case hex of `bytes` (a dependency is not worth three lines).
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn format_sdk_date_known_instants() {
        assert_eq!(format_sdk_date(0), "19700101T000000Z");
        assert_eq!(format_sdk_date(946_684_799), "19991231T235959Z");
        assert_eq!(format_sdk_date(1_795_334_950), "20261122T080910Z");
        assert_eq!(format_sdk_date(253_402_300_799), "99991231T235959Z");
    }

    #[test]
    fn format_sdk_date_leap_days() {
        // 2000 is a leap year (divisible by 400), 2100 is not (divisible by 100 only).
        assert_eq!(format_sdk_date(951_782_400), "20000229T000000Z");
        assert_eq!(format_sdk_date(1_709_251_199), "20240229T235959Z");
        assert_eq!(format_sdk_date(4_107_542_399), "21000228T235959Z");
        assert_eq!(format_sdk_date(4_107_542_400), "21000301T000000Z");
    }

    fn canonical_uri(path: &str) -> String {
        let mut uri = String::new();
        push_canonical_uri(&mut uri, path);
        uri
    }

    fn payload_hash(body: &[u8], unsigned_payload: bool) -> String {
        let mut hash = String::new();
        push_payload_hash(&mut hash, body, unsigned_payload);
        hash
    }

    fn sha256_hex(data: &[u8]) -> String {
        let mut hex = String::new();
        push_hex(&mut hex, digest::digest(&digest::SHA256, data).as_ref());
        hex
    }

    #[test]
    fn format_sdk_date_does_not_overflow() {
        // Far-future years are absurd but must not panic.
        assert!(format_sdk_date(u64::MAX).ends_with('Z'));
    }

    #[test]
    fn canonical_uri_edge_cases() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a//b"), "/a//b/");
        assert_eq!(canonical_uri("/ws 1/ws%201"), "/ws%201/ws%201/");
        assert_eq!(canonical_uri("/a%2Fb"), "/a/b/");
        assert_eq!(canonical_uri("/%zz/100%"), "/%25zz/100%25/");
        assert_eq!(canonical_uri("/x:y@z/+/~"), "/x%3Ay%40z/%2B/~/");
    }

    #[test]
    fn encode_query_component_keeps_only_unreserved() {
        assert_eq!(encode_query_component("aZ09-._~"), "aZ09-._~");
        assert_eq!(
            encode_query_component("a b+c/d=e&f"),
            "a%20b%2Bc%2Fd%3De%26f"
        );
        assert_eq!(encode_query_component("值"), "%E5%80%BC");
    }

    #[test]
    fn canonical_query_sorts_raw_pairs_and_keeps_repeats() {
        let query = pairs(&[
            ("名", "1"),
            ("b", "2"),
            ("a", "z"),
            ("a", "y"),
            ("A", ""),
            ("x", ""),
        ]);
        assert_eq!(
            canonical_query_string(&query),
            "A=&a=y&a=z&b=2&x=&%E5%90%8D=1"
        );
        assert_eq!(canonical_query_string(&[]), "");
    }

    #[test]
    fn caller_cannot_override_signer_headers() {
        let headers = pairs(&[
            ("Host", "evil.example.com"),
            ("x-sdk-date", "19700101T000000Z"),
            ("Authorization", "x"),
            ("X-Sdk-Content-Sha256", "abc"),
            ("X-A", "first"),
            ("x-a", " last "),
        ]);
        let request = SigningRequest {
            method: "get",
            host: "h.example.com",
            path: "/p",
            query: &[],
            headers: &headers,
            body: b"",
        };
        let signature = sign(&request, "ak", "sk", "20261122T080910Z");
        assert_eq!(signature.signed_headers, "host;x-a;x-sdk-date");
        assert!(signature.canonical_request.starts_with(
            "GET\n/p/\n\nhost:h.example.com\nx-a:last\nx-sdk-date:20261122T080910Z\n\n"
        ));
        let names: Vec<&str> = signature.added_headers.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, [DATE_HEADER, AUTHORIZATION_HEADER]);
    }

    #[test]
    fn payload_hash_rules() {
        let empty = sha256_hex(b"");
        assert_eq!(
            empty,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(payload_hash(b"", true), empty);
        assert_eq!(payload_hash(b"x", true), UNSIGNED_PAYLOAD);
        assert_ne!(payload_hash(b"x", false), UNSIGNED_PAYLOAD);
    }

    #[test]
    fn content_types_that_sign_the_body() {
        let check = |content_type: &str| {
            let headers = pairs(&[("content-type", content_type)]);
            let request = SigningRequest {
                method: "POST",
                host: "h",
                path: "/",
                query: &[],
                headers: &headers,
                body: b"{}",
            };
            is_unsigned_payload(&request)
        };
        assert!(!check("application/json"));
        assert!(!check("application/json;charset=UTF-8"));
        assert!(!check("application/bson"));
        assert!(check("application/octet-stream"));
        assert!(check("text/plain"));
    }
}
