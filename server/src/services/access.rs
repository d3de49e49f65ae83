//! Who may do what: the checks every service makes on the signed-in viewer before it acts.

use app::model::{AppError, Viewer};

use super::error::{ServiceResult, fail};

/// Access checks on the viewer behind a request.
pub trait Access {
    /// Admins only; anyone else gets a 403.
    fn require_admin(&self) -> ServiceResult<()>;

    /// Whether the viewer may see an order that belongs to `owner`: their own, or any for an admin.
    fn may_see(&self, owner: Option<i64>) -> bool;
}

impl Access for Viewer {
    fn require_admin(&self) -> ServiceResult<()> {
        if self.is_admin() { Ok(()) } else { fail(AppError::forbidden("Only an admin may do this.")) }
    }

    fn may_see(&self, owner: Option<i64>) -> bool {
        self.is_admin() || owner == Some(self.id)
    }
}
