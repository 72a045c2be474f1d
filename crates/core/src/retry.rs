//! When a failed attempt is tried again, and after how long.
//!
//! Exponential backoff with full jitter (each delay is drawn uniformly from zero to the
//! exponential bound), so that many clients failing together do not retry together.
//! Only idempotent requests (GET) are retried unless the caller opts in: a POST that
//! timed out may have been applied, and sending it twice could act twice.

use std::time::Duration;

use crate::request::Method;

/// Retry settings of a client. [`RetryPolicy::default`] is the standard policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three attempts in all, delays bounded by 200 ms, 400 ms, ... up to 20 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The number of attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The bound of the first delay; each later bound doubles.
    pub fn with_initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The largest delay, also the cap on a server's `Retry-After`.
    pub fn with_max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Retry POST, PUT, PATCH and DELETE too. Only for operations that are safe to repeat.
    pub fn with_non_idempotent_retries(mut self, on: bool) -> Self {
        self.retry_non_idempotent = on;
        self
    }

    /// The number of attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a request with `method` may be sent again.
    pub(crate) fn allows(&self, method: Method) -> bool {
        method == Method::Get || self.retry_non_idempotent
    }

    /// The delay before attempt `failed + 1`, after `failed` failed attempts; `jitter` is
    /// uniform in `[0, 1)`. A server's `Retry-After` is honoured, up to the cap.
    pub(crate) fn delay(
        &self,
        failed: u32,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Duration {
        let exponent = failed.saturating_sub(1).min(30);
        let bound = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let drawn = bound.mul_f64(jitter.clamp(0.0, 1.0));
        match retry_after {
            Some(wanted) => drawn.max(wanted).min(self.max_backoff),
            None => drawn,
        }
    }
}

/// Whether a reply status is worth another attempt: throttling or a server-side failure.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        assert_eq!(policy.delay(1, 0.999_999, None).as_millis(), 99);
        assert_eq!(policy.delay(2, 0.999_999, None).as_millis(), 199);
        assert_eq!(policy.delay(3, 0.999_999, None).as_millis(), 349);
        assert_eq!(policy.delay(40, 0.5, None).as_millis(), 175);
        assert_eq!(policy.delay(3, 0.0, None), Duration::ZERO);
    }

    #[test]
    fn retry_after_is_honoured_but_capped() {
        let policy = RetryPolicy::default().with_max_backoff(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, 0.0, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay(1, 0.0, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn only_get_is_retried_unless_opted_in() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(Method::Get));
        assert!(!policy.allows(Method::Post));
        assert!(
            policy
                .with_non_idempotent_retries(true)
                .allows(Method::Post)
        );
    }

    #[test]
    fn throttling_and_server_errors_are_retryable() {
        assert!(is_retryable_status(429) && is_retryable_status(503) && is_retryable_status(500));
        assert!(!is_retryable_status(400) && !is_retryable_status(404));
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
