//! Block extraction: kinds, scope, what is prose, and inline elements.

use super::*;

fn document(html: &str) -> Document {
    Document::from_html(Source::from_text(html), ScopeOption::Auto)
}

fn texts(doc: &Document) -> Vec<(&str, BlockKind)> {
    doc.blocks
        .iter()
        .map(|b| (b.text.as_str(), b.kind))
        .collect()
}

#[test]
fn anonymous_text_in_containers_forms_blocks() {
    let doc = document("<div>Intro text<ul><li>one <p>inner</p></li></ul>tail</div>");
    assert_eq!(
        texts(&doc),
        vec![
            ("Intro text", BlockKind::Paragraph),
            ("one", BlockKind::ListItem),
            ("inner", BlockKind::ListItem),
            ("tail", BlockKind::Paragraph),
        ]
    );
}

#[test]
fn hidden_and_non_prose_elements_are_left_out() {
    let doc = document(
        "<p>Shown<span hidden>no</span> <code>x()</code></p><p style='display: none'>gone</p>\
         <div aria-hidden=true>gone</div><script>gone</script><pre>gone</pre><p>end</p>",
    );
    assert_eq!(
        texts(&doc),
        vec![
            ("Shown", BlockKind::Paragraph),
            ("end", BlockKind::Paragraph)
        ]
    );
}

#[test]
fn a_page_is_narrowed_to_its_main_content() {
    let doc = document(
        "<!DOCTYPE html><body><nav>Menu</nav><header>Site</header><div role=main><p>Article</p>\
         <aside>Related</aside></div><footer>Foot</footer></body>",
    );
    assert_eq!(doc.scope, Scope::RoleMain);
    assert_eq!(texts(&doc), vec![("Article", BlockKind::Paragraph)]);
    let body_only =
        document("<html><body><nav>Menu</nav><p>Text</p><footer>F</footer></body></html>");
    assert_eq!(body_only.scope, Scope::Body);
    assert_eq!(texts(&body_only), vec![("Text", BlockKind::Paragraph)]);
}

#[test]
fn headings_cells_captions_quotes_and_definitions_have_their_kinds() {
    let doc = document(
        "<h3>Title</h3><table><caption>Cap</caption><tr><th>H</th><td>D</td></tr></table>\
         <blockquote><p>Said</p></blockquote><dl><dt>Term</dt><dd>Meaning</dd></dl>",
    );
    assert_eq!(
        texts(&doc),
        vec![
            ("Title", BlockKind::Heading(3)),
            ("Cap", BlockKind::Caption),
            ("H", BlockKind::TableCell),
            ("D", BlockKind::TableCell),
            ("Said", BlockKind::Quote),
            ("Term", BlockKind::Term),
            ("Meaning", BlockKind::Definition),
        ]
    );
}

#[test]
fn inline_abbreviations_definitions_and_links_keep_their_ranges() {
    let doc = document(
        "<p>An <abbr title='magnetic resonance imaging'>MRI</abbr> scan shows <dfn>soft \
         tissue</dfn>; see <a href='/glossary#mri'> the glossary </a>.</p>",
    );
    let block = &doc.blocks[0];
    let found: Vec<(&str, &InlineKind)> = block
        .inlines
        .iter()
        .map(|i| (&block.text[i.range.clone()], &i.kind))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "MRI",
                &InlineKind::Abbreviation {
                    title: Some("magnetic resonance imaging".into())
                }
            ),
            ("soft tissue", &InlineKind::Definition),
            (
                "the glossary",
                &InlineKind::Link {
                    href: Some("/glossary#mri".into())
                }
            ),
        ]
    );
}

#[test]
fn block_spans_cover_the_source_including_entities() {
    let html = "<p>Caf&eacute;\r\n  <b>au</b>\tlait</p>";
    let doc = document(html);
    assert_eq!(doc.blocks[0].text, "Café au lait");
    let span = doc.block_span(0, 0..doc.blocks[0].text.len());
    assert_eq!(&html[span.range()], "Caf&eacute;\r\n  <b>au</b>\tlait");
}

#[test]
fn folded_whitespace_maps_every_word_back_to_its_source() {
    // Single spaces, doubled spaces, tabs and newlines, spaces at piece ends and a final space.
    let html = "<p> one two  three\tfour\n five <b>six </b> seven eight </p>";
    let doc = document(html);
    let block = &doc.blocks[0];
    assert_eq!(block.text, "one two three four five six seven eight");
    for word in block.text.split(' ') {
        let at = block.text.find(word).unwrap();
        let span = doc.block_span(0, at..at + word.len());
        assert_eq!(&html[span.range()], word);
    }
    let folded_run = block.text.find("two three").unwrap() + 3;
    let span = doc.block_span(0, folded_run..folded_run + 1);
    assert_eq!(&html[span.range()], "  ");
}

#[test]
fn whitespace_folds_wherever_it_falls_in_a_long_run_of_words() {
    // Folding reads sixteen and eight bytes at a time: a run to fold at any offset, or
    // straddling sixteen or eight bytes, must still fold, and a space or `!` at the edges
    // must not hide one.
    let words = "Lorem ipsum dolor! sit amet, consectetur adipiscing elit sed do eiusmod";
    for run in ["  ", "\t", "\n", " \r\n ", "\x0c", " !", "! ", "\u{a0}"] {
        for at in 0..words.len() {
            if !words.is_char_boundary(at) {
                continue;
            }
            let text = format!("{}{run}{}", &words[..at], &words[at..]);
            let doc = document(&format!("<p>{text}</p>"));
            let expected = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(doc.blocks[0].text, expected, "{run:?} at {at}");
            let all = doc.block_span(0, 0..expected.len());
            let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
            assert_eq!(&doc.source.text()[all.range()], trimmed, "{run:?} at {at}");
        }
    }
}

#[test]
fn the_tree_text_is_read_from_the_source_buffer_not_a_copy() {
    let doc = document("<p>A paragraph long enough to be a slice, not an inline copy.</p>");
    let source = doc.source.text().as_bytes().as_ptr_range();
    let html = doc.html.as_ref().expect("an HTML document has a tree");
    let text = html
        .tree
        .root()
        .descendants()
        .find_map(|node| node.value().as_text())
        .expect("the paragraph's text node");
    assert_eq!(
        &**text,
        "A paragraph long enough to be a slice, not an inline copy."
    );
    assert!(
        source.contains(&text.as_ptr()),
        "the text node copied the source"
    );
}
