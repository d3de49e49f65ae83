//! Felix Hub's web app and everything it shares with the server: wire types, validation, pages
//! and the server functions.

pub mod model;
