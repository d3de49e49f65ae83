//! The shared building blocks of every page: layout, feedback, forms, keyed lists, the words for
//! model values, badges, stat cards, a date typed in the reader's language and the question before a move that closes an order.

mod brand;
mod confirm;
mod date_input;
mod feedback;
mod field_text;
mod form;
mod labels;
mod layout;
mod ltr;
mod rows;
mod stat_cards;
mod status_badge;

pub use brand::Brand;
pub use confirm::{ConfirmMove, asks_first};
pub use date_input::DateInput;
pub use feedback::{ErrorView, Loading, live, loaded};
pub use form::{Field, Form, FormAlert};
pub use labels::{item_kind_label, original_label, status_action, status_label};
pub use layout::{AppFrame, HomeRedirect, Icon, NavItem, NotFound, SignOutButton, TabLinks};
pub use ltr::Ltr;
pub use rows::keyed_rows;
pub use stat_cards::{StatCard, StatGrid};
pub use status_badge::StatusBadge;
