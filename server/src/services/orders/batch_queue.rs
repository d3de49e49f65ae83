//! The queue of new orders waiting to be written together (see `batch_writer`): orders join it
//! while a batch is being written, and the writer takes them in batches until it is empty.

use std::sync::Mutex;

use tokio::sync::oneshot;

use crate::entities::order;
use crate::services::error::ServiceResult;

/// An order ready to be written: the row as it will be stored (its id still 0), who created it
/// and the first comment.
pub struct NewOrderRow {
    pub order: order::Model,
    pub insert: order::ActiveModel,
    pub actor_id: i64,
    pub comment: Option<String>,
}

/// Where the writer answers the request that queued an order.
pub type Reply = oneshot::Sender<ServiceResult<order::Model>>;

#[derive(Default)]
pub struct OrderBatch {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    waiting: Vec<(NewOrderRow, Reply)>,
    writing: bool,
}

impl OrderBatch {
    /// Queues an order. True when no writer is running, so the caller must start one.
    pub fn push(&self, row: NewOrderRow, reply: Reply) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        state.waiting.push((row, reply));
        !std::mem::replace(&mut state.writing, true)
    }

    /// Up to `max` waiting orders, oldest first. None when nothing waits: the writer stops then,
    /// and the next `push` starts a new one.
    pub fn next_batch(&self, max: usize) -> Option<Vec<(NewOrderRow, Reply)>> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.waiting.is_empty() {
            state.writing = false;
            return None;
        }
        let take = state.waiting.len().min(max);
        Some(state.waiting.drain(..take).collect())
    }
}
