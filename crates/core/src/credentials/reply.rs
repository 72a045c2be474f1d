//! Temporary keys as IAM, STS, the ECS metadata service and CCE pod identity return them.
//!
//! They all send one JSON object, under `credential` (IAM, metadata) or `credentials`
//! (STS) or at the top level, with the key names of one of three spellings
//! (`access`/`secret`/`securitytoken`/`expires_at`, camel case `accessKeyId`/
//! `secretAccessKey`/`securityToken`/`expiration`, or snake case `access_key_id`/…),
//! and an expiry such as `2026-12-01T09:40:36.437000Z`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::Credentials;
use super::provider::{CredentialsError, ProvidedCredentials};

/// The keys of a reply: `source` names the service in errors. A malformed reply is
/// described by its shape only, never by its values, which are secrets.
pub(crate) fn temporary_keys(
    source: &str,
    body: &[u8],
) -> Result<ProvidedCredentials, CredentialsError> {
    let malformed =
        |why: &str| CredentialsError::Failed(format!("{source} sent a malformed reply: {why}"));
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(&format!("not JSON ({})", e.classify_name())))?;
    let object = value
        .get("credential")
        .or_else(|| value.get("credentials"))
        .unwrap_or(&value);
    if !object.is_object() {
        return Err(malformed("no credential object"));
    }
    let field = |names: [&str; 3]| {
        names
            .iter()
            .find_map(|name| object.get(*name).and_then(Value::as_str))
            .filter(|value| !value.is_empty())
    };
    let access = field(["access", "accessKeyId", "access_key_id"])
        .ok_or_else(|| malformed("no access key (`access`)"))?;
    let secret = field(["secret", "secretAccessKey", "secret_access_key"])
        .ok_or_else(|| malformed("no secret key (`secret`)"))?;
    let token = field(["securitytoken", "securityToken", "security_token"])
        .ok_or_else(|| malformed("no security token (`securitytoken`)"))?;
    let expiry = field(["expires_at", "expiration", "expiresAt"])
        .ok_or_else(|| malformed("no expiry (`expires_at`)"))?;
    let expires_at = parse_utc(expiry).ok_or_else(|| {
        malformed(&format!(
            "the expiry `{expiry}` is not a UTC time like 2026-12-01T09:40:36.437000Z"
        ))
    })?;
    Ok(
        ProvidedCredentials::new(Credentials::temporary(access, secret, token))
            .expiring_at(expires_at),
    )
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        // The error's own text may quote part of the body, which holds secrets.
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "ends early",
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]` followed by `Z` or `+00:00`, as a time.
pub(crate) fn parse_utc(text: &str) -> Option<SystemTime> {
    let text = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+00:00"))?;
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = number(date_parts.next()?, 4)?;
    let month: i64 = number(date_parts.next()?, 2)?;
    let day: i64 = number(date_parts.next()?, 2)?;
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    let mut clock_parts = clock.splitn(3, ':');
    let hour: i64 = number(clock_parts.next()?, 2)?;
    let minute: i64 = number(clock_parts.next()?, 2)?;
    let second: i64 = number(clock_parts.next()?, 2)?;
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let nanos = match fraction {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            let kept = &digits[..digits.len().min(9)];
            kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32)
        }
        Some(_) => return None,
        None => 0,
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    let seconds = u64::try_from(seconds).ok()?;
    Some(UNIX_EPOCH + Duration::new(seconds, nanos))
}

/// A number of exactly `width` ASCII digits.
fn number(text: &str, width: usize) -> Option<i64> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_parse_with_and_without_fractions() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(UNIX_EPOCH));
        assert_eq!(
            parse_utc("2015-10-21T07:28:00.500000Z"),
            Some(UNIX_EPOCH + Duration::new(1_445_412_480, 500_000_000))
        );
        assert_eq!(
            parse_utc("2024-02-29T23:59:59+00:00"),
            Some(UNIX_EPOCH + Duration::from_secs(1_709_251_199))
        );
    }

    #[test]
    fn malformed_times_are_refused() {
        for text in [
            "",
            "2015-10-21 07:28:00Z",
            "2015-10-21T07:28:00",
            "2015-10-21T07:28:00+08:00",
            "2015-13-21T07:28:00Z",
            "2023-02-29T07:28:00Z",
            "2015-10-21T24:00:00Z",
            "2015-10-21T07:28:00.Z",
            "15-10-21T07:28:00Z",
        ] {
            assert_eq!(parse_utc(text), None, "{text}");
        }
    }

    #[test]
    fn each_spelling_of_the_keys_is_read() {
        for body in [
            r#"{"credential":{"access":"a","secret":"s","securitytoken":"t","expires_at":"2030-01-01T00:00:00.000000Z"}}"#,
            r#"{"credentials":{"access_key_id":"a","secret_access_key":"s","security_token":"t","expiration":"2030-01-01T00:00:00Z"}}"#,
            r#"{"accessKeyId":"a","secretAccessKey":"s","securityToken":"t","expiration":"2030-01-01T00:00:00Z"}"#,
        ] {
            let provided = temporary_keys("IAM", body.as_bytes()).expect(body);
            assert_eq!(provided.credentials, Credentials::temporary("a", "s", "t"));
            assert_eq!(provided.expires_at, parse_utc("2030-01-01T00:00:00Z"));
        }
    }

    #[test]
    fn a_malformed_reply_says_what_is_missing_and_shows_no_value() {
        let error = temporary_keys(
            "the metadata service",
            br#"{"credential":{"access":"AKSECRETLOOKING","secret":"s","expires_at":"x"}}"#,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the metadata service sent a malformed reply: no security token (`securitytoken`)"
        );
        let error = temporary_keys("IAM", b"<html>oops sk=abc</html>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "IAM sent a malformed reply: not JSON (syntax error)"
        );
    }
}
