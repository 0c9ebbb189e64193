//! The files a published site needs besides its pages: `sitemap.xml`, `robots.txt` and
//! `.nojekyll` (so GitHub Pages serves folders that start with `_` or `.` as they are).

use crate::config::SiteConfig;

pub fn sitemap(config: &SiteConfig, paths: &[&str]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        out.push_str("  <url><loc>");
        out.push_str(&crate::html::escape(&config.absolute_url(path)));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(config: &SiteConfig) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.absolute_url("sitemap.xml")
    )
}
