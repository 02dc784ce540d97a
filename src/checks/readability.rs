//! Readability rules: sentence, paragraph and section length, from plain-language guidance
//! rather than WCAG (the `wcag` field stays empty; `help` names the guidance). Counts are the
//! measures' own, of each sentence and of each block's scored sentences (see
//! [`crate::measures::Measured`]); only units that count as sentences in the
//! scores are checked, so headings and table cells never fire.

use super::{Category, Context, Hit, Message, Rule, Selector, Severity};
use crate::document::BlockKind;
use crate::measures::counts::Counts;
use crate::measures::sections;
use std::ops::Range;

/// Longest sentence the guidance accepts, in words.
const MAX_SENTENCE_WORDS: usize = 20;
/// Longest paragraph, in words and in sentences.
const MAX_PARAGRAPH_WORDS: usize = 150;
const MAX_PARAGRAPH_SENTENCES: usize = 3;
/// Longest stretch of text without a subheading, in words.
const MAX_SECTION_WORDS: usize = 300;

pub(super) const SENTENCE_TOO_LONG: Rule = Rule {
    id: "sentence-too-long",
    title: "Sentence longer than 20 words",
    category: Category::Readability,
    severity: Severity::Warning,
    wcag: &[],
    act: &[],
    help: "Keep sentences to 20 words or fewer: split at \"and\", \"but\" or \"which\", or turn a \
           series into a list. Guidance: NHS digital service manual, content style guide \
           (\"aim for 15 to 20 words\"); Yoast SEO readability analysis (sentences over 20 \
           words).",
    check: sentence_too_long,
};

pub(super) const PARAGRAPH_TOO_LONG: Rule = Rule {
    id: "paragraph-too-long",
    title: "Paragraph longer than 150 words",
    category: Category::Readability,
    severity: Severity::Warning,
    wcag: &[],
    act: &[],
    help: "Break paragraphs of more than 150 words into shorter ones, one idea each. Guidance: \
           Yoast SEO readability analysis (paragraph length, 150 words).",
    check: paragraph_too_long,
};

pub(super) const PARAGRAPH_TOO_MANY_SENTENCES: Rule = Rule {
    id: "paragraph-too-many-sentences",
    title: "Paragraph of more than 3 sentences",
    category: Category::Readability,
    severity: Severity::Info,
    wcag: &[],
    act: &[],
    help: "Keep paragraphs to 3 sentences or fewer so that readers who scan find each point. \
           Guidance: plain-language guidance for health information (Federal Plain Language \
           Guidelines, \"write short paragraphs\"; NHS content style guide).",
    check: paragraph_too_many_sentences,
};

pub(super) const SECTION_WITHOUT_SUBHEADING: Rule = Rule {
    id: "section-without-subheading",
    title: "More than 300 words without a subheading",
    category: Category::Readability,
    severity: Severity::Warning,
    wcag: &[],
    act: &[],
    help: "Add a subheading at least every 300 words so that readers can find their way and \
           skip what they do not need. Guidance: Yoast SEO readability analysis (subheading \
           distribution, 300 words); NHS content style guide (use headings).",
    check: section_without_subheading,
};

fn sentence_too_long(context: &Context) -> Vec<Hit> {
    let document = context.document;
    let measured = context.measured;
    context
        .sentences
        .iter()
        .zip(&measured.sentences)
        .zip(&measured.scored)
        .filter(|&((_, counts), &scored)| scored && counts.words as usize > MAX_SENTENCE_WORDS)
        .map(|((sentence, &Counts { words: n, .. }), _)| Hit {
            span: context
                .block_spans
                .of(document, sentence.block as usize, sentence.text_range()),
            selector: Selector::block(document, sentence.block as usize),
            message: counted(
                context,
                ["This sentence has ", " words: aim for ", " or fewer"],
                [n as usize, MAX_SENTENCE_WORDS],
            ),
            suggestions: Default::default(),
        })
        .collect()
}

fn paragraph_too_long(context: &Context) -> Vec<Hit> {
    paragraph_hits(context, |words, _| {
        (words > MAX_PARAGRAPH_WORDS).then(|| {
            counted(
                context,
                ["This paragraph has ", " words: aim for ", " or fewer"],
                [words, MAX_PARAGRAPH_WORDS],
            )
        })
    })
}

fn paragraph_too_many_sentences(context: &Context) -> Vec<Hit> {
    paragraph_hits(context, |_, sentences| {
        (sentences > MAX_PARAGRAPH_SENTENCES).then(|| {
            counted(
                context,
                ["This paragraph has ", " sentences: aim for ", " or fewer"],
                [sentences, MAX_PARAGRAPH_SENTENCES],
            )
        })
    })
}

/// A rule's message: the pieces with the counts between them, written into the rules'
/// messages without the formatting machinery (the readability rules fire on most paragraphs
/// of a long text).
fn counted(context: &Context, pieces: [&str; 3], counts: [usize; 2]) -> Message {
    context.messages.write(|message| {
        message.push_str(pieces[0]);
        push_count(message, counts[0]);
        message.push_str(pieces[1]);
        push_count(message, counts[1]);
        message.push_str(pieces[2]);
    })
}

/// Appends `n` in decimal digits.
fn push_count(out: &mut String, n: usize) {
    let mut digits = [0; 20];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// A hit spanning each paragraph for which `message` of its (words, sentences) says something.
fn paragraph_hits(
    context: &Context,
    message: impl Fn(usize, usize) -> Option<Message>,
) -> Vec<Hit> {
    let document = context.document;
    context
        .measured
        .blocks
        .iter()
        .enumerate()
        .filter(|&(block, _)| document.blocks[block].kind == BlockKind::Paragraph)
        .filter_map(|(block, counts)| {
            let (words, sentences) = (counts.words as usize, counts.sentences as usize);
            Some(Hit {
                message: message(words, sentences)?,
                span: context.block_spans.whole(block),
                selector: Selector::block(document, block),
                suggestions: Default::default(),
            })
        })
        .collect()
}

/// A run of text between headings of more than 300 words; the finding spans the run.
fn section_without_subheading(context: &Context) -> Vec<Hit> {
    let document = context.document;
    let counts = &context.measured.blocks;
    sections::runs(document)
        .into_iter()
        .filter_map(|(heading, blocks)| {
            let words: usize = counts[blocks.clone()].iter().map(|c| c.words as usize).sum();
            if words <= MAX_SECTION_WORDS {
                return None;
            }
            let (start, end) = run_extent(context, blocks.clone())?;
            let place = match heading {
                Some(h) => format!("after \"{}\"", document.blocks[h].text),
                None => "before the first heading".to_string(),
            };
            Some(Hit {
                span: document.source.span(start, end),
                selector: Selector::block(document, blocks.start),
                message: context.messages.add(format_args!(
                    "{words} words {place} without a subheading: add one at least every {MAX_SECTION_WORDS} words"
                )),
                suggestions: Default::default(),
            })
        })
        .collect()
}

/// Where a run of blocks begins and ends in the source: its earliest text's start and latest
/// text's end. Blocks follow the tree, which is not always the source's order (text that HTML's
/// tree construction moves out of a table comes before the table in the tree), so the first
/// block's start may lie after the last block's end. `None` for a run without text.
fn run_extent(context: &Context, blocks: Range<usize>) -> Option<(usize, usize)> {
    blocks
        .map(|block| context.block_spans.whole(block))
        .filter(|span| span.start < span.end)
        .map(|span| (span.start as usize, span.end as usize))
        .reduce(|(start, end), (s, e)| (start.min(s), end.max(e)))
}

#[cfg(test)]
mod tests {
    use crate::{analyze_html, Options};

    fn count(html: &str, rule: &str) -> usize {
        let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        report.findings.iter().filter(|f| f.rule == rule).count()
    }

    fn words(n: usize) -> String {
        vec!["word"; n].join(" ")
    }

    #[test]
    fn long_sentences_fire_and_short_ones_do_not() {
        let long = format!("<p>{}.</p>", words(21));
        assert_eq!(count(&long, "sentence-too-long"), 1);
        let short = format!("<p>{}.</p>", words(20));
        assert_eq!(count(&short, "sentence-too-long"), 0);
        let heading = format!("<h2>{}</h2>", words(25));
        assert_eq!(count(&heading, "sentence-too-long"), 0);
    }

    #[test]
    fn long_paragraphs_fire() {
        let sentence = format!("Word {}. ", words(9));
        let long = format!("<p>{}</p>", sentence.repeat(16));
        assert_eq!(count(&long, "paragraph-too-long"), 1);
        assert_eq!(count(&long, "paragraph-too-many-sentences"), 1);
        let three = format!("<p>{}</p>", sentence.repeat(3));
        assert_eq!(count(&three, "paragraph-too-long"), 0);
        assert_eq!(count(&three, "paragraph-too-many-sentences"), 0);
    }

    #[test]
    fn sections_need_a_subheading_every_300_words() {
        let paragraph = format!("<p>{}.</p>", words(20));
        let long = format!("<h2>Dose</h2>{}", paragraph.repeat(16));
        assert_eq!(count(&long, "section-without-subheading"), 1);
        let split = format!(
            "<h2>Dose</h2>{}<h3>More</h3>{}",
            paragraph.repeat(8),
            paragraph.repeat(8)
        );
        assert_eq!(count(&split, "section-without-subheading"), 0);
    }

    /// The finding spans the run of text itself, from its first paragraph's first word to its
    /// last paragraph's last, neither the document's start nor the heading before it.
    #[test]
    fn a_long_section_is_spanned_from_its_first_word_to_its_last() {
        let paragraph = format!("<p>{}.</p>", words(20));
        for heading in ["<h2>Dose</h2>", ""] {
            let html = format!(
                "<!doctype html><title>T</title>{heading}{}",
                paragraph.repeat(16)
            );
            let first_word = html.find("<p>").unwrap() + "<p>".len();
            let last_stop = html.rfind(".</p>").unwrap() + 1;
            assert_eq!(section_span(&html), (first_word, last_stop), "{heading}");
        }
    }

    /// Text written inside a table but outside its cells is moved before the table in the tree
    /// (HTML's "foster parenting"), so the run's first block comes last in the source: the
    /// finding still spans the run from its earliest word to its latest.
    #[test]
    fn a_run_whose_blocks_are_out_of_source_order_is_spanned_whole() {
        let (cell, fostered) = (words(20), format!("fostered {}", words(310)));
        let html = format!("<h2>Dose</h2><table><tr><td>{cell}</td></tr>{fostered}</table>");
        let cell_start = html.find("<td>").unwrap() + "<td>".len();
        let fostered_end = html.find(&fostered).unwrap() + fostered.len();
        assert_eq!(section_span(&html), (cell_start, fostered_end));
    }

    /// The span of the one section-without-subheading finding of `html`.
    fn section_span(html: &str) -> (usize, usize) {
        let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "section-without-subheading")
            .expect("a section of over 300 words");
        (finding.span.start as usize, finding.span.end as usize)
    }
}
