//! Laying rendered pages into the theme's templates, then minifying.
//!
//! The template context is documented in the README ("Template context"); the structs
//! in [`context`] are its single definition.

pub mod code_css;
pub mod context;
pub mod minify;
pub mod nav;
pub mod theme;

pub use theme::Theme;

use crate::diagnostics::Diagnostic;

/// Renders `template` with `context`, minified unless told not to.
pub fn render_page(
    theme: &Theme,
    template: &str,
    context: &tera::Context,
    minify: bool,
) -> Result<Vec<u8>, Diagnostic> {
    let html = theme
        .tera
        .render(template, context)
        .map_err(|e| theme::template_error(&e, &theme.sources))?;
    Ok(if minify {
        minify::html(html.as_bytes())
    } else {
        html.into_bytes()
    })
}
