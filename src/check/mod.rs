//! Validators over a site or its output, shared by the build's tests and `whiteboard check`.

pub mod links;
