//! Markdown as people write it, rendered to HTML that is safe to show:
//! pulldown-cmark renders (CommonMark plus tables, strikethrough and task
//! lists), ammonia removes anything that could run or leak (scripts, event
//! handlers, `javascript:` links, styles) and adds `rel="noopener
//! noreferrer"` to links.

use pulldown_cmark::{Options, Parser, html};

/// The sanitized HTML of `markdown`.
pub fn render(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = render("**Urgente**: a *nota* não foi emitida\n\n- item");
        assert!(html.contains("<strong>Urgente</strong>"), "{html}");
        assert!(html.contains("<em>nota</em>"), "{html}");
        assert!(html.contains("<li>item</li>"), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = render(
            "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) <a href=\"https://e.com\">ok</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains(">x</a>"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
