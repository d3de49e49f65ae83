//! The shared building blocks of every page: layout, feedback, forms and small pieces.

mod bits;
mod brand;
mod feedback;
mod field_text;
mod form;
mod layout;

pub use bits::{Ltr, StatCard, StatGrid, StatusBadge, item_kind_label, original_label, status_action, status_label};
pub use brand::Brand;
pub use feedback::{ErrorView, Loading, loaded};
pub use form::{Field, Form, FormAlert};
pub use layout::{AppFrame, HomeRedirect, Icon, LOGIN_PATH, NavItem, NotFound, SignOutButton, TabLinks};
