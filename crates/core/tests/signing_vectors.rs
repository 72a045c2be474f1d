//! The signer against cases produced by the official Huawei Cloud signer.
//!
//! `data/signing_vectors.json` is a copy of `shared/signing/vectors.json`: every
//! intermediate string is compared, so a failure names the first step that differs.

use huaweicloud_sdk_core::signer::{
    AUTHORIZATION_HEADER, CONTENT_SHA256_HEADER, DATE_HEADER, SigningRequest, UNSIGNED_PAYLOAD,
    sign,
};
use serde_json::Value;

const VECTORS: &str = include_str!("data/signing_vectors.json");

/// How many cases the vector file holds; checked so the test cannot pass on an empty list.
const VECTOR_COUNT: usize = 12;

/// One vector's input, converted to the signer's types.
struct Input {
    name: String,
    method: String,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    ak: String,
    sk: String,
    sdk_date: String,
}

fn text(value: &Value, field: &str) -> String {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("field {field} is not a string in {value}"))
        .to_owned()
}

/// Query values are strings or numbers in the vectors; the signer takes text.
fn query_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        // The official SDKs lower-case booleans; none of the vectors has one yet.
        Value::Bool(b) => b.to_string(),
        other => panic!("unexpected query value {other}"),
    }
}

fn parse_input(input: &Value) -> Input {
    let query = input["query"]
        .as_array()
        .expect("query is an array")
        .iter()
        .map(|pair| {
            let pair = pair.as_array().expect("query pair is an array");
            let key = pair[0].as_str().expect("query key is a string").to_owned();
            (key, query_value(&pair[1]))
        })
        .collect();
    let headers = input["headers"]
        .as_object()
        .expect("headers is an object")
        .iter()
        .map(|(name, value)| {
            let value = value.as_str().expect("header value is a string");
            (name.clone(), value.to_owned())
        })
        .collect();
    let body = match &input["body"] {
        Value::Null => Vec::new(),
        Value::String(s) => s.as_bytes().to_vec(),
        other => panic!("unexpected body {other}"),
    };
    Input {
        name: text(input, "name"),
        method: text(input, "method"),
        host: text(input, "host"),
        path: text(input, "path"),
        query,
        headers,
        body,
        ak: text(input, "ak"),
        sk: text(input, "sk"),
        sdk_date: text(input, "sdk_date"),
    }
}

#[test]
fn official_vectors_match_every_step() {
    let cases: Value = serde_json::from_str(VECTORS).expect("vectors are valid JSON");
    let cases = cases.as_array().expect("vectors are a JSON array");
    let mut checked = 0;
    for case in cases {
        let input = parse_input(&case["input"]);
        let expected = &case["expected"];
        let request = SigningRequest {
            method: &input.method,
            host: &input.host,
            path: &input.path,
            query: &input.query,
            headers: &input.headers,
            body: &input.body,
        };
        let signature = sign(&request, &input.ak, &input.sk, &input.sdk_date);
        let name = &input.name;
        assert_eq!(
            signature.canonical_request,
            text(expected, "canonical_request"),
            "case {name}: canonical_request"
        );
        assert_eq!(
            signature.string_to_sign,
            text(expected, "string_to_sign"),
            "case {name}: string_to_sign"
        );
        assert_eq!(
            signature.signed_headers,
            text(expected, "signed_headers"),
            "case {name}: signed_headers"
        );
        assert_eq!(
            signature.authorization,
            text(expected, "authorization"),
            "case {name}: authorization"
        );
        assert_eq!(signature.uri, text(expected, "uri"), "case {name}: uri");
        check_added_headers(name, &input.sdk_date, &signature);
        checked += 1;
    }
    assert_eq!(checked, VECTOR_COUNT, "every vector must be checked");
}

/// The headers the transport must send agree with what was signed.
fn check_added_headers(
    name: &str,
    sdk_date: &str,
    signature: &huaweicloud_sdk_core::signer::Signature,
) {
    let find = |header: &str| {
        signature
            .added_headers
            .iter()
            .find(|(n, _)| *n == header)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(find(DATE_HEADER), Some(sdk_date), "case {name}: X-Sdk-Date");
    assert_eq!(
        find(AUTHORIZATION_HEADER),
        Some(signature.authorization.as_str()),
        "case {name}: Authorization"
    );
    let unsigned = signature
        .signed_headers
        .split(';')
        .any(|h| h == "x-sdk-content-sha256");
    assert_eq!(
        find(CONTENT_SHA256_HEADER),
        unsigned.then_some(UNSIGNED_PAYLOAD),
        "case {name}: X-Sdk-Content-Sha256"
    );
}

/// An extra case: input, then the `Authorization` and URI that the official Python
/// signer (huaweicloudsdkcore 3.1.219, same AK/SK and X-Sdk-Date as the vectors) gave.
struct Extra {
    name: &'static str,
    method: &'static str,
    host: &'static str,
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    signature: &'static str,
    signed_headers: &'static str,
    uri: &'static str,
}

/// Rules the vector file does not pin: repeated keys, reserved characters, an empty
/// non-JSON body, BSON, a port in the host, inner spaces and non-ASCII in header values.
const EXTRAS: &[Extra] = &[
    Extra {
        name: "repeated-keys-and-reserved-chars",
        method: "get",
        host: "h.example.com",
        path: "/v1/items",
        query: &[
            ("b", "2"),
            ("a", "z"),
            ("a", "y"),
            ("A", "x"),
            ("q", "a+b=c&d/e f"),
            ("s", "!*'();:@$,"),
        ],
        headers: &[("Content-Type", "application/json")],
        body: "",
        signature: "fb4683f9d1e1ad90167639468b8f713368e1309dd082397d0f4948a01f702394",
        signed_headers: "content-type;host;x-sdk-date",
        uri: "/v1/items?A=x&a=y&a=z&b=2&q=a%2Bb%3Dc%26d%2Fe%20f&s=%21%2A%27%28%29%3B%3A%40%24%2C",
    },
    Extra {
        name: "path-reserved-chars",
        method: "GET",
        host: "h.example.com",
        path: "/v1/x:y@z/+plus/%7Etilde/%25pct//double/%zz",
        query: &[],
        headers: &[("Content-Type", "application/json")],
        body: "",
        signature: "2f204b18ab5d37f9527b3fd79373cf1e77dfc1f4fb51387da77555dbf5420966",
        signed_headers: "content-type;host;x-sdk-date",
        uri: "/v1/x:y@z/+plus/%7Etilde/%25pct//double/%zz",
    },
    Extra {
        name: "root-path",
        method: "GET",
        host: "h.example.com",
        path: "/",
        query: &[],
        headers: &[],
        body: "",
        signature: "f7d9c896e8227d6f6ed42fb7e76a5ab937735f68fcf2361e9eac13719d7fcb11",
        signed_headers: "host;x-sdk-date",
        uri: "/",
    },
    Extra {
        name: "empty-body-non-json",
        method: "DELETE",
        host: "h.example.com",
        path: "/v1/a",
        query: &[],
        headers: &[("Content-Type", "text/plain")],
        body: "",
        signature: "87f5173611bbee2a811eeb5380bb95409b62788908cae591d74dbfdec85e0a4a",
        signed_headers: "content-type;host;x-sdk-content-sha256;x-sdk-date",
        uri: "/v1/a",
    },
    Extra {
        name: "bson-body-signed",
        method: "POST",
        host: "h.example.com",
        path: "/v1/a",
        query: &[],
        headers: &[("Content-Type", "application/bson")],
        body: "bson-bytes",
        signature: "b1de28a4143a3b10f4de84b6e991ebb857327ad24a5ff602d0d3e8755f63c0c3",
        signed_headers: "content-type;host;x-sdk-date",
        uri: "/v1/a",
    },
    Extra {
        name: "json-charset-and-inner-spaces",
        method: "PUT",
        host: "h.example.com:8443",
        path: "/v1/a",
        query: &[],
        headers: &[
            ("Content-Type", "application/json;charset=UTF-8"),
            ("X-Note", "  a  b  "),
            ("X-Unicode", "é"),
        ],
        body: "{\"a\": 1}",
        signature: "44f39beef5742244411a369b9a8d33837ffb36712f86510705d9cd7874e4f490",
        signed_headers: "content-type;host;x-note;x-sdk-date;x-unicode",
        uri: "/v1/a",
    },
    Extra {
        name: "body-without-content-type",
        method: "POST",
        host: "h.example.com",
        path: "/v1/a",
        query: &[],
        headers: &[],
        body: "plain",
        signature: "af8979dcaa4feb84dc0c874e1408f5b854c9facceea45dc0a3ec5641818d4b1d",
        signed_headers: "host;x-sdk-date",
        uri: "/v1/a",
    },
];

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn official_signer_extra_cases() {
    let mut checked = 0;
    for extra in EXTRAS {
        let query = owned(extra.query);
        let headers = owned(extra.headers);
        let request = SigningRequest {
            method: extra.method,
            host: extra.host,
            path: extra.path,
            query: &query,
            headers: &headers,
            body: extra.body.as_bytes(),
        };
        let signature = sign(
            &request,
            "HPUAEXAMPLEAK0000001",
            "ExampleSecretKey0000000000000000000000001",
            "20261122T080910Z",
        );
        let name = extra.name;
        let expected = format!(
            "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders={}, Signature={}",
            extra.signed_headers, extra.signature
        );
        assert_eq!(
            signature.authorization, expected,
            "case {name}: authorization\ncanonical request:\n{}",
            signature.canonical_request
        );
        assert_eq!(signature.uri, extra.uri, "case {name}: uri");
        checked += 1;
    }
    assert_eq!(checked, 7, "every extra case must be checked");
}
