use legible::{analyze_html, Options};
#[test]
fn perf() {
    for (open, close) in [("<div>", "</div>"), ("<b>", "</b>"), ("<blockquote>", ""), ("<li><ul>", "")] {
        for depth in [1000, 2000, 4000] {
            let body = format!("{}<p>Deep text. Very deep.</p>{}", open.repeat(depth), close.repeat(depth));
            let t = std::time::Instant::now();
            let _ = analyze_html(body.as_bytes(), None, &Options::default());
            println!("{open} {depth}: {:?}", t.elapsed());
        }
    }
}
