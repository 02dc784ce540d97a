//! HTML escaping. Every piece of text that came from the request (the article's text, file
//! names, `src` and `alt` values, excerpts) passes through [`Esc`] on its way into a page, so
//! that it is shown, never parsed: `<script>` stays text and `" onerror=` cannot leave an
//! attribute value.

use std::fmt;

/// Text escaped for an HTML text node or a double-quoted attribute value.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::Esc;

    #[test]
    fn markup_and_quotes_become_text() {
        assert_eq!(
            Esc("<img src=x onerror='a(1)'> & \"q\"").to_string(),
            "&lt;img src=x onerror=&#39;a(1)&#39;&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(Esc("plain – text").to_string(), "plain – text");
    }
}
