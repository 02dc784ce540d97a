//! The 1 MB page of the benchmarks and the memory test: the article of
//! `tests/fixtures/health_article.html` repeated inside its page until the page is at least
//! 1 MiB (92 copies, 1.05 MB). Real prose and markup, generated rather than committed.

/// The page, built from the fixture article.
pub fn big_page() -> String {
    let article = include_str!("../fixtures/health_article.html");
    let open = article
        .find("<article>")
        .expect("the fixture has an <article>")
        + "<article>".len();
    let close = article
        .find("</article>")
        .expect("the fixture closes its <article>");
    let content = &article[open..close];
    let copies = (1 << 20) / content.len() + 1;
    format!(
        "{}{}{}",
        &article[..open],
        content.repeat(copies),
        &article[close..]
    )
}
