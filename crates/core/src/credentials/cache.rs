//! Credentials kept between calls, and temporary keys refreshed before they expire.
//!
//! Keys are fresh until their refresh point (40 minutes before expiry, as the official
//! SDKs refresh, or half their lifetime when they last less than 80 minutes), then
//! usable until shortly before they expire. A call that finds them past the refresh
//! point refreshes them while the other calls go on with the old keys (single flight:
//! one request to the provider at a time). A call that finds none usable waits for that
//! one refresh. A failed refresh keeps the old keys while they are usable, retries no
//! sooner than 30 seconds later, and once they are no longer usable, calls fail with
//! [`Error::Credentials`] saying why. No request is ever signed with expired keys.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use super::provider::{CredentialsError, ProvidedCredentials, SharedCredentialsProvider, ask};
use crate::error::Error;

/// The time, as the cache reads it. Tests use their own to move time without sleeping.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock shared between a configuration and its clients.
pub type SharedClock = Arc<dyn Clock>;

/// How long before expiry temporary keys are refreshed: 40 minutes, as the official
/// SDKs do.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(40 * 60);
/// Keys this close to expiry are not used: a request signed with them could arrive
/// after they expired.
pub const EXPIRY_MARGIN: Duration = Duration::from_secs(15);
/// How long after a failed refresh the next one is tried, while the old keys are usable.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(30);

/// Credentials of one provider, kept and refreshed.
#[derive(Debug)]
pub struct CredentialsCache {
    provider: SharedCredentialsProvider,
    clock: SharedClock,
    refresh_ahead: Duration,
    state: Mutex<State>,
    /// Held by the one call that asks the provider.
    refreshing: tokio::sync::Mutex<()>,
}

/// What a call found on arrival.
enum FirstLook {
    /// Fresh keys (or usable ones while a failed refresh backs off).
    Use(ProvidedCredentials),
    /// Usable keys due for refresh: refresh them unless another call is doing it.
    Refresh(ProvidedCredentials),
    /// No usable keys: wait for a lookup (after this many have finished).
    Wait(u64),
}

#[derive(Debug, Default)]
struct State {
    current: Option<Entry>,
    /// Lookups finished so far, so that a call that waited for one does not start another.
    lookups: u64,
    /// Why the last lookup failed, kept until one succeeds.
    last_error: Option<CredentialsError>,
    /// No refresh before this, after a failed one.
    retry_at: Option<SystemTime>,
}

#[derive(Debug, Clone)]
struct Entry {
    provided: ProvidedCredentials,
    /// Past this, a call refreshes the keys.
    refresh_at: Option<SystemTime>,
    /// Past this, the keys are not used.
    usable_until: Option<SystemTime>,
}

impl Entry {
    fn new(provided: ProvidedCredentials, now: SystemTime, refresh_ahead: Duration) -> Self {
        let (refresh_at, usable_until) = match provided.expires_at {
            None => (None, None),
            Some(expires_at) => {
                let lifetime = expires_at.duration_since(now).unwrap_or_default();
                let ahead = refresh_ahead.min(lifetime / 2);
                (
                    Some(expires_at - ahead),
                    Some(expires_at.checked_sub(EXPIRY_MARGIN).unwrap_or(expires_at)),
                )
            }
        };
        Entry {
            provided,
            refresh_at,
            usable_until,
        }
    }

    fn fresh(&self, now: SystemTime) -> bool {
        self.refresh_at.is_none_or(|at| now < at)
    }

    fn usable(&self, now: SystemTime) -> bool {
        self.usable_until.is_none_or(|until| now < until)
    }
}

impl CredentialsCache {
    /// A cache of `provider`'s credentials, reading the time from `clock`.
    pub fn new(provider: SharedCredentialsProvider, clock: SharedClock) -> Self {
        CredentialsCache {
            provider,
            clock,
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
            state: Mutex::new(State::default()),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// Refresh this long before expiry instead of 40 minutes.
    pub fn with_refresh_ahead(mut self, ahead: Duration) -> Self {
        self.refresh_ahead = ahead;
        self
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves the state consistent: every
        // change is one assignment.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Usable credentials: the kept ones, or new ones from the provider, asked on its own
    /// terms ([`ProvideCredentials::provide_credentials`](super::ProvideCredentials::provide_credentials)).
    pub async fn get(&self) -> Result<ProvidedCredentials, Error> {
        self.get_inner(None).await
    }

    /// [`CredentialsCache::get`] for a service client whose HTTP client is `http`: a
    /// lookup asks the provider through it
    /// ([`ProvideCredentials::provide_credentials_through`](super::ProvideCredentials::provide_credentials_through)).
    pub async fn get_through(&self, http: &reqwest::Client) -> Result<ProvidedCredentials, Error> {
        self.get_inner(Some(http)).await
    }

    async fn get_inner(
        &self,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, Error> {
        let lookups_seen = match self.first_look(self.clock.now()) {
            FirstLook::Use(provided) => return Ok(provided),
            FirstLook::Refresh(old) => {
                // Someone else is refreshing: go on with the keys that still work.
                let Ok(guard) = self.refreshing.try_lock() else {
                    return Ok(old);
                };
                return self.look_up(guard, http).await;
            }
            FirstLook::Wait(lookups_seen) => lookups_seen,
        };
        let guard = self.refreshing.lock().await;
        if let Some(outcome) = self.after_waiting(lookups_seen) {
            return outcome;
        }
        self.look_up(guard, http).await
    }

    /// What a call does on arrival, decided without waiting (the state's lock is never
    /// held across an await).
    fn first_look(&self, now: SystemTime) -> FirstLook {
        let state = self.state();
        match &state.current {
            Some(entry) if entry.fresh(now) => FirstLook::Use(entry.provided.clone()),
            Some(entry) if entry.usable(now) => {
                if state.retry_at.is_some_and(|at| now < at) {
                    FirstLook::Use(entry.provided.clone())
                } else {
                    FirstLook::Refresh(entry.provided.clone())
                }
            }
            _ => FirstLook::Wait(state.lookups),
        }
    }

    /// After waiting for the refresh slot: the keys another call just got, or the error
    /// of the lookup this call waited for (rather than start another); `None` to look up.
    fn after_waiting(&self, lookups_seen: u64) -> Option<Result<ProvidedCredentials, Error>> {
        let state = self.state();
        match (&state.current, &state.last_error) {
            (Some(entry), _) if entry.usable(self.clock.now()) => Some(Ok(entry.provided.clone())),
            (_, Some(error)) if state.lookups != lookups_seen => {
                Some(Err(self.error(&state, error)))
            }
            _ => None,
        }
    }

    /// Ask the provider (holding `_guard`, so only one call does), through `http` when
    /// given, and keep the result.
    async fn look_up(
        &self,
        _guard: tokio::sync::MutexGuard<'_, ()>,
        http: Option<&reqwest::Client>,
    ) -> Result<ProvidedCredentials, Error> {
        let result = ask(self.provider.as_ref(), http).await;
        let now = self.clock.now();
        let result = result.and_then(|provided| match provided.expires_at {
            Some(expires_at) if expires_at <= now + EXPIRY_MARGIN => {
                Err(CredentialsError::Failed(format!(
                    "the provider gave keys that expire at {}, which is already past",
                    rfc3339(expires_at)
                )))
            }
            _ => Ok(provided),
        });
        let mut state = self.state();
        state.lookups += 1;
        match result {
            Ok(provided) => {
                if provided.expires_at.is_some() {
                    tracing::debug!("temporary credentials refreshed");
                }
                state.current = Some(Entry::new(provided.clone(), now, self.refresh_ahead));
                state.last_error = None;
                state.retry_at = None;
                Ok(provided)
            }
            Err(error) => {
                state.retry_at = Some(now + RETRY_AFTER_FAILURE);
                state.last_error = Some(error.clone());
                match &state.current {
                    Some(entry) if entry.usable(now) => {
                        tracing::warn!(
                            reason = error.message(),
                            "could not refresh temporary credentials; using the current ones until they expire"
                        );
                        Ok(entry.provided.clone())
                    }
                    _ => Err(self.error(&state, &error)),
                }
            }
        }
    }

    /// The error of a call that has no usable keys: a configuration error when no source
    /// has any (the first lookup found nothing), else a credentials error.
    fn error(&self, state: &State, error: &CredentialsError) -> Error {
        match (&state.current, error) {
            (None, CredentialsError::NotFound(message)) => Error::Config(message.clone()),
            (None, CredentialsError::Failed(message)) => {
                Error::Credentials(format!("could not get credentials: {message}"))
            }
            (Some(entry), _) => Error::Credentials(format!(
                "the temporary keys expired at {} and could not be refreshed: {}",
                entry.provided.expires_at.map(rfc3339).unwrap_or_default(),
                error.message()
            )),
        }
    }
}

/// `2030-01-01T06:00:00Z`: the signer's `20300101T060000Z`, punctuated for people.
fn rfc3339(time: SystemTime) -> String {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let compact = crate::signer::format_sdk_date(seconds);
    match (
        compact.get(0..4),
        compact.get(4..6),
        compact.get(6..8),
        compact.get(9..11),
        compact.get(11..13),
        compact.get(13..15),
    ) {
        (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) => {
            format!("{year}-{month}-{day}T{hour}:{minute}:{second}Z")
        }
        _ => compact,
    }
}
