//! `site.yaml`: the settings of one bank.
//!
//! Every key has a default, so an empty (or missing) file works; an unknown key is an error
//! with the nearest valid key suggested, found here before any page is read.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::yaml;
use crate::diagnostics::Diagnostic;

pub const FILE_NAME: &str = "site.yaml";

#[derive(Debug, Clone, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// Shown in the header and in every page's `<title>`.
    pub title: String,
    /// The home page's meta description.
    pub description: String,
    /// Where the site is published, e.g. `https://user.github.io/bank/`. Used only where an
    /// absolute URL is required: sitemap, canonical link, Open Graph, and the 404 page.
    pub base_url: String,
    /// The repository, for "Edit this page" links, e.g. `https://github.com/user/bank`.
    pub repo_url: Option<String>,
    /// The branch the "Edit this page" links point at.
    pub repo_branch: String,
    /// A folder under `themes/`; `default` is built into the binary.
    pub theme: String,
    /// The `lang` of every page.
    pub language: String,
    /// Build the search index (`search/`) and show the search box.
    pub search: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            title: "System Design Practice".into(),
            description: "System design interview practice problems with worked solutions and self-assessment rubrics.".into(),
            base_url: "/".into(),
            repo_url: None,
            repo_branch: "main".into(),
            theme: "default".into(),
            language: "en".into(),
            search: true,
        }
    }
}

impl SiteConfig {
    /// Reads `site.yaml` under `root`; a missing file means every default.
    pub fn load(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let path = root.join(FILE_NAME);
        let text = match std::fs::read(&path) {
            Ok(bytes) => yaml::utf8(&path, bytes).map_err(|d| vec![d])?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    &path,
                    format!("cannot read {FILE_NAME}: {e}"),
                )]);
            }
        };
        let mut config: SiteConfig = if text.trim().is_empty() {
            Self::default()
        } else {
            yaml::parse(&text, 0).map_err(|e| vec![e.into_diagnostic(&path, &text)])?
        };
        config.validate(&path, &text)?;
        Ok(config)
    }

    /// `--base-url`, checked by the same rule as `base_url` in `site.yaml`.
    pub fn override_base_url(&mut self, base: &str) -> Result<(), Diagnostic> {
        if !base_url_ok(base) {
            return Err(Diagnostic::error(
                "--base-url",
                format!("`{base}` is neither an absolute URL nor a path"),
            )
            .with_help(
                "write it as `https://user.github.io/bank/`, or `/bank/` for a path on this host",
            ));
        }
        self.base_url = if base.ends_with('/') {
            base.to_string()
        } else {
            format!("{base}/")
        };
        Ok(())
    }

    fn validate(&mut self, path: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
        if self.base_url.is_empty() {
            self.base_url = "/".into();
        }
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        let base = &self.base_url;
        if !base_url_ok(base) {
            let line = yaml::key_line(text, "base_url").unwrap_or(1);
            return Err(vec![
                Diagnostic::error(path, format!("base_url `{base}` is neither an absolute URL nor a path"))
                    .at(text, line, 1)
                    .with_help("write it as `https://user.github.io/bank/`, or `/` for a site at a domain root"),
            ]);
        }
        let theme_ok = !self.theme.is_empty()
            && !self.theme.starts_with('.')
            && self
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !theme_ok {
            let line = yaml::key_line(text, "theme").unwrap_or(1);
            return Err(vec![
                Diagnostic::error(
                    path,
                    format!(
                        "theme `{}` is not the name of a folder under themes/",
                        self.theme
                    ),
                )
                .at(text, line, 1)
                .with_help(
                    "name a folder under `themes/` (letters, digits, `-`, `_`), or `default`",
                ),
            ]);
        }
        if let Some(repo) = &mut self.repo_url {
            while repo.ends_with('/') {
                repo.pop();
            }
        }
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let url = &self.base_url;
        let after_scheme = url.find("://").map(|i| &url[i + 3..]);
        match after_scheme {
            Some(rest) => match rest.find('/') {
                Some(i) => rest[i..].to_string(),
                None => "/".to_string(),
            },
            None => url.clone(),
        }
    }

    /// `base_url` joined with a root-relative page path, for sitemaps and canonical links.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// An absolute `http(s)` URL or a path from the host's root, with nothing that could
/// break out of an attribute or a URL.
fn base_url_ok(base: &str) -> bool {
    (base.starts_with("http://") || base.starts_with("https://") || base.starts_with('/'))
        && !base.contains(['"', '\'', '<', '>', ' ', '\\'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_of_base_url() {
        let mut c = SiteConfig {
            base_url: "https://user.github.io/bank/".into(),
            ..Default::default()
        };
        assert_eq!(c.base_path(), "/bank/");
        c.base_url = "https://example.com/".into();
        assert_eq!(c.base_path(), "/");
        c.base_url = "/".into();
        assert_eq!(c.base_path(), "/");
    }
}
