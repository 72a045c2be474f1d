//! Marker pagination: an operation that pages by `limit` and `marker` as a stream of its
//! pages, or of the items on them.
//!
//! Builders of operations whose spec carries `x-pagination` get `into_pages()` and
//! `into_items()`, which call [`marker_pages`] and [`items`]. This module knows nothing
//! about any service: the generated code says how to send the request with a given
//! marker, where a page's items are, and which property of an item is the next marker.
//!
//! # How a stream pages, and when it ends
//!
//! The first request is the caller's request as built, with its own marker if it set
//! one. After each page:
//!
//! - a page with no items ends the stream;
//! - a page with fewer items than the page size (`limit`, when the request sets one)
//!   ends it;
//! - a page whose last item has no marker ends it;
//! - a marker that was already sent ends it, with a `tracing` warning, rather than asking
//!   for a page that was already asked for: a server that keeps answering with the same
//!   page would otherwise be asked forever;
//! - an error is yielded, then ends it;
//! - otherwise the next request carries the last item's marker.
//!
//! Every page that arrives is yielded, including the empty or short one that ends the
//! stream and the one that repeated a marker.
//!
//! The streams are `Unpin`, `Send` and fused (after the end they keep returning `None`):
//! poll them with [`StreamExt::next`] or [`TryStreamExt::try_next`] (re-exported here),
//! or hand them to a spawned task.

use std::collections::HashSet;
use std::fmt::Debug;
use std::future::Future;
use std::hash::Hash;

pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};

use crate::error::Error;
use crate::response::Response;

/// The pages of a marker-paged operation, as a stream; see the [module docs](self) for
/// when it ends.
///
/// - `operation` names the operation in log messages.
/// - `request` is the request as the caller built it; each page is fetched from a clone.
/// - `start` is the marker that `request` itself carries, if any: a reply that points
///   back at it ends the stream like any repeated marker.
/// - `limit` is the page size the request asks for, if known: a page with fewer items
///   is the last.
/// - `fetch` sends a request: with `None` as it is (the first page), with `Some(marker)`
///   after setting that marker.
/// - `items` finds a page's items; `marker_of` reads an item's marker.
pub fn marker_pages<B, M, P, I, F, Fut, X, K>(
    operation: &'static str,
    request: B,
    start: Option<M>,
    limit: Option<usize>,
    fetch: F,
    items: X,
    marker_of: K,
) -> impl Stream<Item = Result<Response<P>, Error>> + Send + Unpin
where
    B: Clone + Send,
    M: Clone + Eq + Hash + Debug + Send,
    P: Send,
    F: Fn(B, Option<M>) -> Fut + Send,
    Fut: Future<Output = Result<Response<P>, Error>> + Send,
    X: Fn(&P) -> &[I] + Send,
    K: Fn(&I) -> Option<M> + Send,
{
    let pager = Pager {
        operation,
        request,
        limit,
        fetch,
        items,
        marker_of,
        used: start.into_iter().collect(),
        next: None,
    };
    Box::pin(
        futures_util::stream::unfold(Some(pager), |state| async move {
            let mut pager = state?;
            let marker = pager.next.take();
            match (pager.fetch)(pager.request.clone(), marker).await {
                // An error ends the stream: the next page's marker is unknown.
                Err(error) => Some((Err(error), None)),
                Ok(page) => {
                    let next = pager.next_marker(page.body());
                    let state = next.map(|marker| {
                        pager.next = Some(marker);
                        pager
                    });
                    Some((Ok(page), state))
                }
            }
        })
        // Polling again after the end returns `None` again instead of panicking.
        .fuse(),
    )
}

/// The items of a stream of pages, one by one: `into_items` takes each page's items out
/// of its body. An error of `pages` is yielded and ends the stream.
pub fn items<P, I, S, F>(
    pages: S,
    into_items: F,
) -> impl Stream<Item = Result<I, Error>> + Send + Unpin
where
    S: Stream<Item = Result<Response<P>, Error>> + Send + Unpin,
    F: FnMut(P) -> Vec<I> + Send,
    I: Send,
{
    let state = (pages, into_items, Vec::new().into_iter());
    Box::pin(
        futures_util::stream::unfold(Some(state), |state| async move {
            let (mut pages, mut into_items, mut pending) = state?;
            loop {
                if let Some(item) = pending.next() {
                    return Some((Ok(item), Some((pages, into_items, pending))));
                }
                match pages.next().await {
                    None => return None,
                    Some(Err(error)) => return Some((Err(error), None)),
                    Some(Ok(page)) => pending = into_items(page.into_body()).into_iter(),
                }
            }
        })
        // Polling again after the end returns `None` again instead of panicking.
        .fuse(),
    )
}

/// What a page stream needs between two pages.
struct Pager<B, M, F, X, K> {
    operation: &'static str,
    request: B,
    limit: Option<usize>,
    fetch: F,
    items: X,
    marker_of: K,
    /// Every marker sent so far (and the caller's own).
    used: HashSet<M>,
    /// The marker of the next request; `None` for the first.
    next: Option<M>,
}

impl<B, M, F, X, K> Pager<B, M, F, X, K>
where
    M: Clone + Eq + Hash + Debug,
{
    /// The marker of the page after `body`, or `None` when `body` is the last page.
    fn next_marker<P, I>(&mut self, body: &P) -> Option<M>
    where
        X: Fn(&P) -> &[I],
        K: Fn(&I) -> Option<M>,
    {
        let items = (self.items)(body);
        let Some(last) = items.last() else {
            tracing::debug!(operation = self.operation, "empty page: no more pages");
            return None;
        };
        if let Some(limit) = self.limit.filter(|limit| items.len() < *limit) {
            tracing::debug!(
                operation = self.operation,
                items = items.len(),
                limit,
                "short page: no more pages"
            );
            return None;
        }
        let Some(marker) = (self.marker_of)(last) else {
            tracing::debug!(
                operation = self.operation,
                "the last item has no marker: no more pages"
            );
            return None;
        };
        if self.used.contains(&marker) {
            tracing::warn!(
                operation = self.operation,
                marker = ?marker,
                "the server sent a marker that was already used; stopping instead of asking for the same page again"
            );
            return None;
        }
        self.used.insert(marker.clone());
        Some(marker)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::future::{Ready, ready};
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A fake request: it carries the caller's own marker, as a generated builder would.
    #[derive(Clone, Debug)]
    struct Request {
        marker: Option<u32>,
    }

    /// What the fake server answers for a marker: a page's items, or an error message.
    type Reply = Result<Vec<u32>, String>;
    /// What a fetch yields.
    type Page = Result<Response<Vec<u32>>, Error>;

    /// A fake server: a reply per marker, and the markers it was asked for, in order.
    #[derive(Clone, Default)]
    struct Server {
        replies: Arc<BTreeMap<Option<u32>, Reply>>,
        asked: Arc<Mutex<Vec<Option<u32>>>>,
    }

    impl Server {
        fn new(replies: &[(Option<u32>, Reply)]) -> Self {
            Server {
                replies: Arc::new(replies.iter().cloned().collect()),
                asked: Arc::default(),
            }
        }

        fn asked(&self) -> Vec<Option<u32>> {
            self.asked.lock().unwrap().clone()
        }

        fn fetch(&self) -> impl Fn(Request, Option<u32>) -> Ready<Page> + Send + use<> {
            let server = self.clone();
            move |request: Request, marker: Option<u32>| {
                let marker = marker.or(request.marker);
                server.asked.lock().unwrap().push(marker);
                let reply = match server.replies.get(&marker) {
                    Some(Ok(items)) => Ok(Response {
                        status: 200,
                        request_id: None,
                        body: items.clone(),
                    }),
                    Some(Err(message)) => Err(Error::Config(message.clone())),
                    None => Err(Error::Config(format!("no page for marker {marker:?}"))),
                };
                ready(reply)
            }
        }

        /// The stream of pages for `request`, paging by `limit`.
        fn pages(
            &self,
            request: Request,
            limit: Option<usize>,
        ) -> impl Stream<Item = Page> + Send + Unpin + use<> {
            marker_pages(
                "Fake",
                request.clone(),
                request.marker,
                limit,
                self.fetch(),
                |page: &Vec<u32>| page.as_slice(),
                // 0 stands for an item without a marker.
                |item: &u32| (*item != 0).then_some(*item),
            )
        }

        /// Every item of every page, errors as their messages.
        async fn all_items(
            &self,
            request: Request,
            limit: Option<usize>,
        ) -> Vec<Result<u32, String>> {
            items(self.pages(request, limit), |page| page)
                .map(|item| item.map_err(|error| error.to_string()))
                .collect()
                .await
        }
    }

    fn first() -> Request {
        Request { marker: None }
    }

    #[tokio::test]
    async fn follows_the_last_marker_across_three_pages() {
        let server = Server::new(&[
            (None, Ok(vec![1, 2])),
            (Some(2), Ok(vec![3, 4])),
            (Some(4), Ok(vec![5])),
        ]);
        let items = server.all_items(first(), Some(2)).await;
        assert_eq!(items, [Ok(1), Ok(2), Ok(3), Ok(4), Ok(5)]);
        assert_eq!(server.asked(), [None, Some(2), Some(4)]);
    }

    #[tokio::test]
    async fn yields_every_page_including_the_last() {
        let server = Server::new(&[
            (None, Ok(vec![1, 2])),
            (Some(2), Ok(vec![3, 4])),
            (Some(4), Ok(vec![5])),
        ]);
        let pages: Vec<Vec<u32>> = server
            .pages(first(), Some(2))
            .map_ok(Response::into_body)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages, [vec![1, 2], vec![3, 4], vec![5]]);
    }

    #[tokio::test]
    async fn starts_from_the_requests_own_marker() {
        let server = Server::new(&[(Some(7), Ok(vec![8, 9])), (Some(9), Ok(vec![]))]);
        let items = server.all_items(Request { marker: Some(7) }, Some(2)).await;
        assert_eq!(items, [Ok(8), Ok(9)]);
        assert_eq!(server.asked(), [Some(7), Some(9)]);
    }

    #[tokio::test]
    async fn an_empty_page_ends_the_stream() {
        let server = Server::new(&[(None, Ok(vec![1, 2])), (Some(2), Ok(vec![]))]);
        assert_eq!(server.all_items(first(), Some(2)).await, [Ok(1), Ok(2)]);
        assert_eq!(server.asked(), [None, Some(2)]);

        let server = Server::new(&[(None, Ok(vec![]))]);
        assert_eq!(server.all_items(first(), Some(2)).await, []);
        assert_eq!(server.asked(), [None]);
    }

    #[tokio::test]
    async fn a_short_page_ends_the_stream() {
        let server = Server::new(&[(None, Ok(vec![1, 2]))]);
        assert_eq!(server.all_items(first(), Some(3)).await, [Ok(1), Ok(2)]);
        assert_eq!(server.asked(), [None]);
    }

    #[tokio::test]
    async fn without_a_limit_only_an_empty_page_ends_the_stream() {
        let server = Server::new(&[
            (None, Ok(vec![1, 2])),
            (Some(2), Ok(vec![3])),
            (Some(3), Ok(vec![])),
        ]);
        assert_eq!(server.all_items(first(), None).await, [Ok(1), Ok(2), Ok(3)]);
        assert_eq!(server.asked(), [None, Some(2), Some(3)]);
    }

    #[tokio::test]
    async fn a_last_item_without_a_marker_ends_the_stream() {
        let server = Server::new(&[(None, Ok(vec![1, 0]))]);
        assert_eq!(server.all_items(first(), Some(2)).await, [Ok(1), Ok(0)]);
        assert_eq!(server.asked(), [None]);
    }

    #[tokio::test]
    async fn a_repeated_marker_ends_the_stream_without_asking_again() {
        // The server ignores the marker and answers with the same full page every time.
        let server = Server::new(&[(None, Ok(vec![1, 2])), (Some(2), Ok(vec![1, 2]))]);
        let items = server.all_items(first(), Some(2)).await;
        assert_eq!(items, [Ok(1), Ok(2), Ok(1), Ok(2)]);
        assert_eq!(server.asked(), [None, Some(2)]);
    }

    #[tokio::test]
    async fn a_reply_pointing_back_at_the_callers_marker_ends_the_stream() {
        let server = Server::new(&[(Some(2), Ok(vec![1, 2]))]);
        let items = server.all_items(Request { marker: Some(2) }, Some(2)).await;
        assert_eq!(items, [Ok(1), Ok(2)]);
        assert_eq!(server.asked(), [Some(2)]);
    }

    #[tokio::test]
    async fn an_error_is_yielded_and_ends_the_stream() {
        let server = Server::new(&[
            (None, Ok(vec![1, 2])),
            (Some(2), Err("boom".to_owned())),
            (Some(4), Ok(vec![5])),
        ]);
        let items = server.all_items(first(), Some(2)).await;
        assert_eq!(
            items,
            [Ok(1), Ok(2), Err("configuration error: boom".to_owned())]
        );
        assert_eq!(server.asked(), [None, Some(2)]);

        let mut pages = server.pages(first(), Some(2));
        assert!(pages.next().await.unwrap().is_ok());
        assert!(pages.next().await.unwrap().is_err());
        assert!(pages.next().await.is_none());
        assert!(pages.next().await.is_none());
    }

    #[test]
    fn streams_are_send_and_static() {
        fn check<T: Send + 'static>(_: &T) {}
        let server = Server::new(&[]);
        let pages = server.pages(first(), Some(2));
        check(&pages);
        check(&items(pages, |page| page));
    }
}
