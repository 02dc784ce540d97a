//! Image rules (WCAG 1.1.1 Non-text Content): images, SVG and `role="img"` graphics, image
//! buttons and objects need an accessible name; and the alt texts people write are checked for
//! the usual mistakes (file names, placeholders, "image of …", length, captions repeated).

use super::accname::{element, explicit_role, fold, input_type, is_svg, text_of, Dom, El, Exposed};
use super::{Category, Context, Hit, Rule, Severity};
use crate::document::AttributeByName;
use html5ever::local_name;
use scraper::node::Element;

/// Alt texts longer than this are flagged: screen readers cannot skip through an alt text as
/// they can through body text, and peers warn between 100 and 250 characters.
pub const ALT_MAX_CHARS: usize = 150;

pub(super) const IMAGE_ALT_MISSING: Rule = Rule {
    id: "image-alt-missing",
    title: "Image without a text alternative",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.1.1"],
    act: &["23a2a8"],
    help: "Every image needs an alt attribute: a short description of what the image shows or \
           does, or alt=\"\" when it is decorative. Without it, screen readers read the file \
           name instead. An alt of only spaces is not empty: it is announced as an unnamed image.",
    check: image_alt_missing,
};

/// An `<img>` exposed as an image (not decorative: no `alt=""`, no `role="none"` that
/// sticks) whose accessible name is empty.
fn image_alt_missing(context: &Context) -> Vec<Hit> {
    each(context, local_name!("img"), |dom, node, el| {
        if is_svg(el) || dom.role(node) != Some("img") {
            return None;
        }
        if !dom.name(node).is_empty() {
            return None;
        }
        let message = match el.attribute("alt") {
            Some(_) => "Image alt text is only whitespace: describe the image, or use alt=\"\" \
                        if it is decorative"
                .to_string(),
            None => match el.attribute("src").and_then(file_name) {
                Some(name) => format!(
                    "Image \"{name}\" has no alt attribute: describe it, or use alt=\"\" if it is decorative"
                ),
                None => "Image has no alt attribute: describe it, or use alt=\"\" if it is \
                         decorative"
                    .to_string(),
            },
        };
        Some(dom.hit(node, message))
    })
}

pub(super) const ROLE_IMG_NAME_MISSING: Rule = Rule {
    id: "role-img-name-missing",
    title: "Element with role=\"img\" without an accessible name",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.1.1"],
    act: &["23a2a8"],
    help: "An element with role=\"img\" (a CSS background image, an icon font) is announced as \
           an image: give it aria-label or aria-labelledby, or remove the role if it is \
           decorative.",
    check: role_img_name_missing,
};

fn role_img_name_missing(context: &Context) -> Vec<Hit> {
    each_with_role(context, |dom, node, el| {
        (el.name() != "img"
            && !is_svg(el)
            && explicit_role(el) == Some("img")
            && dom.name(node).is_empty())
        .then(|| {
            dom.hit(
                node,
                "Element with role=\"img\" has no accessible name: add aria-label",
            )
        })
    })
}

pub(super) const SVG_NAME_MISSING: Rule = Rule {
    id: "svg-name-missing",
    title: "SVG graphic without an accessible name",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.1.1"],
    act: &["7d6734"],
    help: "An <svg> (or a shape in it) with role img, graphics-document or graphics-symbol \
           is announced as a graphic: give it a <title> as its first child, aria-label or \
           aria-labelledby. Text drawn inside the SVG does not name it.",
    check: svg_name_missing,
};

fn svg_name_missing(context: &Context) -> Vec<Hit> {
    each_with_role(context, |dom, node, el| {
        // The role is looked up only for SVG elements with a `role`, a handful on most pages.
        let graphic = || {
            matches!(
                dom.role(node),
                Some("img" | "graphics-document" | "graphics-symbol")
            )
        };
        (is_svg(el) && el.attribute("role").is_some() && graphic() && dom.name(node).is_empty())
            .then(|| {
                dom.hit(
                    node,
                    "SVG graphic has no accessible name: add a <title> child or aria-label",
                )
            })
    })
}

pub(super) const INPUT_IMAGE_NAME_MISSING: Rule = Rule {
    id: "input-image-name-missing",
    title: "Image button without an accessible name",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.1.1", "4.1.2"],
    act: &["59796f"],
    help: "An <input type=\"image\"> is a button drawn as an image: its alt text says what the \
           button does (\"Search\", \"Submit order\"), never alt=\"\".",
    check: input_image_name_missing,
};

fn input_image_name_missing(context: &Context) -> Vec<Hit> {
    each(context, local_name!("input"), |dom, node, el| {
        (input_type(el) == "image" && dom.name(node).is_empty()).then(|| {
            dom.hit(
                node,
                "Image button has no alt text: say what the button does",
            )
        })
    })
}

pub(super) const OBJECT_NAME_MISSING: Rule = Rule {
    id: "object-name-missing",
    title: "Embedded image, audio or video object without an accessible name",
    category: Category::Accessibility,
    severity: Severity::Error,
    wcag: &["1.1.1"],
    act: &["8fc3b6"],
    help: "An <object> that shows an image or plays audio or video needs a name: a title, \
           aria-label or aria-labelledby. Fallback content inside the object and an alt \
           attribute do not name it.",
    check: object_name_missing,
};

fn object_name_missing(context: &Context) -> Vec<Hit> {
    each(context, local_name!("object"), |dom, node, el| {
        let applies = el.attribute("role").is_none_or(|r| r.trim().is_empty()) && renders_media(el);
        (applies && dom.name(node).is_empty()).then(|| {
            dom.hit(
                node,
                "Object showing an image, audio or video has no accessible name: add a title",
            )
        })
    })
}

/// Does an `<object>` render non-text content (by its `type`, else its `data` extension)?
fn renders_media(el: &Element) -> bool {
    if let Some(kind) = el.attribute("type") {
        let kind = kind.trim().to_ascii_lowercase();
        return ["image/", "audio/", "video/"]
            .iter()
            .any(|p| kind.starts_with(p));
    }
    let Some(data) = el.attribute("data") else {
        return false;
    };
    let path = data
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| is_image_extension(ext) || is_media_extension(ext))
}

pub(super) const IMAGE_ALT_FILE_NAME: Rule = Rule {
    id: "image-alt-file-name",
    title: "Alt text is a file name, URL or size",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.1.1"],
    act: &[],
    help: "CMSs often fill alt with the uploaded file's name (\"IMG_2041.jpg\"), its URL or its \
           size (\"800x600\"). None of these tells a reader what the image shows: write what \
           it shows or does.",
    check: image_alt_file_name,
};

fn image_alt_file_name(context: &Context) -> Vec<Hit> {
    each_alt(context, |alt, node, el| {
        let lower = alt.to_ascii_lowercase();
        let src_name = el.attribute("src").and_then(file_name);
        // A file offered for download may be named by its file name.
        let downloads = node.ancestors().any(|a| {
            element(&a).is_some_and(|e| e.name() == "a" && e.attribute("download").is_some())
        });
        let machine_like = alt.contains(['_', '-']) || alt.chars().any(|c| c.is_ascii_digit());
        let is_file = has_image_extension(&lower)
            || (machine_like && src_name.is_some_and(|n| n.eq_ignore_ascii_case(alt)))
            || is_camera_name(alt)
            || is_hash_like(alt);
        let is_file = is_file && !downloads;
        let is_url = lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.");
        let is_size = is_dimensions(&lower);
        let what = if is_url {
            "a URL"
        } else if is_file {
            "a file name"
        } else if is_size {
            "image dimensions"
        } else {
            return None;
        };
        Some(format!(
            "Alt text \"{alt}\" is {what}: describe what the image shows"
        ))
    })
}

fn has_image_extension(lower: &str) -> bool {
    !lower.contains(' ')
        && lower
            .rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && is_image_extension(ext))
}

fn is_image_extension(ext: &str) -> bool {
    matches!(
        ext,
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "svg"
            | "webp"
            | "avif"
            | "bmp"
            | "tif"
            | "tiff"
            | "heic"
            | "ico"
    )
}

fn is_media_extension(ext: &str) -> bool {
    matches!(
        ext,
        "mp3"
            | "wav"
            | "ogg"
            | "oga"
            | "m4a"
            | "aac"
            | "flac"
            | "mp4"
            | "m4v"
            | "webm"
            | "ogv"
            | "mov"
            | "avi"
            | "mkv"
    )
}

/// A content hash or generated id used as a file name (`94251e110d24a4c2…`).
fn is_hash_like(alt: &str) -> bool {
    alt.len() >= 12
        && alt.chars().all(|c| c.is_ascii_alphanumeric())
        && alt.chars().filter(char::is_ascii_digit).count() >= 3
        && alt.chars().filter(char::is_ascii_alphabetic).count() >= 3
}

/// Camera and phone file stems: `IMG_2041`, `DSC01234`, `PXL_20230101_…`. The stems are
/// ASCII, so the alt's first bytes are compared with each ignoring ASCII case, instead of an
/// uppercased copy of the whole alt.
fn is_camera_name(alt: &str) -> bool {
    !alt.contains(' ')
        && [
            "IMG_",
            "IMG-",
            "DSC",
            "DSCN",
            "PXL_",
            "DCIM",
            "SCREENSHOT_",
            "SCREEN SHOT 20",
        ]
        .iter()
        .any(|p| {
            let start = alt.as_bytes().get(..p.len());
            start.is_some_and(|start| start.eq_ignore_ascii_case(p.as_bytes()))
        })
        && alt.chars().any(|c| c.is_ascii_digit())
}

/// Is the (lowercased) alt a size, `640x480` or `640 × 480 px`? Only digits, `x`, `×`, the
/// `p` of `px` and spaces can make one: any other character rules it out before the alt is
/// copied without its spaces.
fn is_dimensions(lower: &str) -> bool {
    let may_be_size =
        |c: char| c.is_whitespace() || c.is_ascii_digit() || matches!(c, 'x' | '×' | 'p');
    if !lower.chars().all(may_be_size) {
        return false;
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.trim_end_matches("px");
    let Some((w, h)) = compact.split_once(['x', '×']) else {
        return false;
    };
    let h = h.trim_end_matches("px");
    !w.is_empty()
        && !h.is_empty()
        && w.chars().all(|c| c.is_ascii_digit())
        && h.chars().all(|c| c.is_ascii_digit())
}

pub(super) const IMAGE_ALT_PLACEHOLDER: Rule = Rule {
    id: "image-alt-placeholder",
    title: "Alt text is a placeholder",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.1.1"],
    act: &[],
    help: "Alt texts such as \"image\", \"photo\", \"picture\", \"spacer\" or \"graphic\" say \
           only that there is an image. Describe what it shows, or use alt=\"\" if it is \
           decorative.",
    check: image_alt_placeholder,
};

const PLACEHOLDERS: &[&str] = &[
    "image",
    "images",
    "img",
    "photo",
    "photos",
    "photograph",
    "picture",
    "pic",
    "spacer",
    "graphic",
    "graphics",
    "placeholder",
    "alt",
    "alt text",
    "alttext",
    "untitled",
    "blank",
    "null",
    "none",
    "empty",
    "icon",
    "image description",
    "insert alt text",
    "description",
    "figure",
    "thumbnail",
    "logo",
    "banner",
];

/// The most letters and digits a placeholder has (`image description`).
const PLACEHOLDER_MAX_ALPHANUMERICS: usize = 16;

fn image_alt_placeholder(context: &Context) -> Vec<Hit> {
    each_alt(context, |alt, _, _| {
        // An ASCII alt keeps its letters and digits, and only them, in the key: with more
        // than any placeholder has, it is none, and its key is not built.
        let alphanumerics = || alt.bytes().filter(u8::is_ascii_alphanumeric).count();
        if alt.is_ascii() && alphanumerics() > PLACEHOLDER_MAX_ALPHANUMERICS {
            return None;
        }
        let key = fold(
            &alt.to_lowercase()
                .replace(|c: char| !c.is_alphanumeric() && c != ' ', " "),
        );
        PLACEHOLDERS.contains(&key.as_str()).then(|| {
            format!("Alt text \"{alt}\" is a placeholder: describe what the image shows, or use alt=\"\" if it is decorative")
        })
    })
}

pub(super) const IMAGE_ALT_REDUNDANT: Rule = Rule {
    id: "image-alt-redundant",
    title: "Alt text says \"image of\"",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.1.1"],
    act: &[],
    help: "Screen readers already announce an image as an image: \"Image of a nurse taking \
           blood pressure\" is read \"image, image of a nurse …\". Start with what it shows.",
    check: image_alt_redundant,
};

fn image_alt_redundant(context: &Context) -> Vec<Hit> {
    each_alt(context, |alt, _, _| {
        let lower = fold(&alt.to_lowercase());
        let lower = lower.trim_end_matches(['.', '!']);
        let prefixes = [
            "image of",
            "an image of",
            "picture of",
            "a picture of",
            "photo of",
            "a photo of",
            "photograph of",
            "a photograph of",
            "graphic of",
            "a graphic of",
            "screenshot of",
            "a screenshot of",
            "image:",
            "photo:",
            "picture:",
        ];
        let suffixes = [" image", " picture", " photo", " photograph", " graphic"];
        let prefix = prefixes.iter().find(|p| lower.starts_with(*p));
        let suffix = suffixes.iter().find(|s| lower.ends_with(*s));
        let found = prefix.or(suffix)?.trim();
        Some(format!(
            "Alt text \"{alt}\" says \"{found}\": screen readers already announce an image; say what it shows"
        ))
    })
}

pub(super) const IMAGE_ALT_TOO_LONG: Rule = Rule {
    id: "image-alt-too-long",
    title: "Alt text is very long",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.1.1"],
    act: &[],
    help: "Alt text over 150 characters is hard to listen to and cannot be navigated. Keep \
           the alt short and put a long description (a chart's data, a diagram's steps) in \
           the text or a caption.",
    check: image_alt_too_long,
};

fn image_alt_too_long(context: &Context) -> Vec<Hit> {
    each_alt(context, |alt, _, _| {
        let chars = alt.chars().count();
        (chars > ALT_MAX_CHARS).then(|| {
            format!("Alt text is {chars} characters long (more than {ALT_MAX_CHARS}): shorten it and move the detail into the text")
        })
    })
}

pub(super) const IMAGE_ALT_UNPRONOUNCEABLE: Rule = Rule {
    id: "image-alt-unpronounceable",
    title: "Alt text has no words",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.1.1"],
    act: &[],
    help: "An alt text made only of symbols (\"*\", \"-\", \"…\") is read out as symbols or \
           not at all. Describe the image, or use alt=\"\" if it is decorative.",
    check: image_alt_unpronounceable,
};

fn image_alt_unpronounceable(context: &Context) -> Vec<Hit> {
    each_alt(context, |alt, _, _| {
        (!alt.chars().any(char::is_alphanumeric))
            .then(|| format!("Alt text \"{alt}\" has no letters or digits"))
    })
}

pub(super) const IMAGE_ALT_SAME_AS_CAPTION: Rule = Rule {
    id: "image-alt-same-as-caption",
    title: "Alt text repeats the caption",
    category: Category::Accessibility,
    severity: Severity::Warning,
    wcag: &["1.1.1"],
    act: &[],
    help: "When the alt text repeats the figure's caption, screen reader users hear it twice. \
           Let the alt say what the image shows and the caption what it means, or use alt=\"\" \
           when the caption already describes the image.",
    check: image_alt_same_as_caption,
};

fn image_alt_same_as_caption(context: &Context) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    context
        .images_with_alt()
        .iter()
        .filter_map(|&(node, ref alt)| {
            let caption = figure_caption(node)?;
            (caption.eq_ignore_ascii_case(alt)).then(|| {
                dom.hit(
                    node,
                    format!("Alt text \"{alt}\" repeats the figure caption: say what the image shows, or use alt=\"\""),
                )
            })
        })
        .collect()
}

pub(super) const IMAGE_DECORATIVE_IN_FIGURE: Rule = Rule {
    id: "image-decorative-in-figure",
    title: "Image with alt=\"\" in a captioned figure",
    category: Category::Accessibility,
    severity: Severity::Info,
    wcag: &["1.1.1"],
    act: &[],
    help: "An image in a figure with a caption is rarely decorative. alt=\"\" is right only \
           when the caption fully describes what the image shows; confirm it.",
    check: image_decorative_in_figure,
};

fn image_decorative_in_figure(context: &Context) -> Vec<Hit> {
    each(context, local_name!("img"), |dom, node, el| {
        (el.attribute("alt") == Some("") && dom.in_tree(node))
            .then(|| figure_caption(node))
            .flatten()
            .map(|_| {
                dom.hit(
                    node,
                    "Image in a captioned figure is marked decorative (alt=\"\"): confirm the caption describes it",
                )
            })
    })
}

/// The folded text of the `<figcaption>` of the figure an image is in.
fn figure_caption(node: El<'_>) -> Option<String> {
    let figure = node
        .ancestors()
        .find(|a| element(a).is_some_and(|e| e.name() == "figure"))?;
    let caption = figure
        .descendants()
        .find(|d| element(d).is_some_and(|e| e.name() == "figcaption"))?;
    let text = fold(&text_of(caption));
    (!text.is_empty()).then_some(text)
}

/// Runs `f` over the exposed elements named `name` and keeps its hits.
fn each<'a>(
    context: &Context<'a>,
    name: html5ever::LocalName,
    f: impl Fn(&Dom<'a>, El<'a>, &'a Element) -> Option<Hit>,
) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.exposed_named(&name)
        .filter_map(|e| f(dom, e.node, e.el))
        .collect()
}

/// Runs `f` over the exposed elements with a `role` attribute and keeps its hits: a rule
/// about an explicit role visits the elements with ARIA (a handful on most pages), not every
/// exposed element.
fn each_with_role<'a>(
    context: &Context<'a>,
    f: impl Fn(&Dom<'a>, El<'a>, &'a Element) -> Option<Hit>,
) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    dom.with_aria()
        .iter()
        .filter(|&&(node, el)| el.attribute("role").is_some() && dom.in_tree(node))
        .filter_map(|&(node, el)| f(dom, node, el))
        .collect()
}

/// Exposed `<img>` elements whose accessible name is their non-blank alt (not an
/// `aria-label` that overrides it), and that alt, folded: built once for the alt-text rules
/// (see [`Context::images_with_alt`]).
pub(super) fn images_with_alt<'a>(dom: &Dom<'a>) -> Vec<(El<'a>, String)> {
    dom.exposed_named(&local_name!("img"))
        .filter(|e| e.role == Some("img"))
        .filter_map(|&Exposed { node, el, .. }| {
            let alt = fold(el.attribute("alt")?);
            (!alt.is_empty() && dom.name(node) == alt).then_some((node, alt))
        })
        .collect()
}

/// Runs a check of alt text over every exposed image with one; `f` returns the message.
fn each_alt(context: &Context, f: impl Fn(&str, El<'_>, &Element) -> Option<String>) -> Vec<Hit> {
    let Some(dom) = context.dom() else {
        return Vec::new();
    };
    context
        .images_with_alt()
        .iter()
        .filter_map(|&(node, ref alt)| {
            let el = element(&node)?;
            f(alt, node, el).map(|message| dom.hit(node, message))
        })
        .collect()
}

/// The last path segment of an image URL, for a message the author recognises.
fn file_name(src: &str) -> Option<&str> {
    let path = src.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    (!name.is_empty() && !src.starts_with("data:")).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::{is_camera_name, is_dimensions, PLACEHOLDERS, PLACEHOLDER_MAX_ALPHANUMERICS};
    use crate::{analyze_html, Options};

    #[test]
    fn no_placeholder_has_more_letters_and_digits_than_the_bound() {
        let most = PLACEHOLDERS
            .iter()
            .map(|p| p.bytes().filter(u8::is_ascii_alphanumeric).count())
            .max();
        assert_eq!(most, Some(PLACEHOLDER_MAX_ALPHANUMERICS));
    }

    #[test]
    fn camera_names_and_sizes_are_told_from_descriptions() {
        for name in [
            "IMG_2041",
            "img-2041.jpg",
            "dsc01234",
            "PXL_20230101_120000",
        ] {
            assert!(is_camera_name(name), "{name}");
        }
        for alt in [
            "IMG_",
            "DSC",
            "Diagram of the uterus 2",
            "Screen shot 2020",
            "ïmg_1",
        ] {
            assert!(!is_camera_name(alt), "{alt}");
        }
        for size in ["640x480", "640 × 480 px", "640x480px", "1 x 2"] {
            assert!(is_dimensions(size), "{size}");
        }
        for alt in [
            "640x",
            "x480",
            "diagram of the uterus",
            "640 by 480",
            "pxp",
            "",
        ] {
            assert!(!is_dimensions(alt), "{alt}");
        }
    }

    fn rules_fired(html: &str) -> Vec<String> {
        let report = analyze_html(html.as_bytes(), None, &Options::default()).unwrap();
        report
            .findings
            .into_iter()
            .map(|f| f.rule.to_string())
            .collect()
    }

    #[test]
    fn fires_on_img_without_alt() {
        assert_eq!(
            rules_fired("<p>Text <img src=\"x.png\"></p>"),
            ["image-alt-missing"]
        );
    }

    #[test]
    fn does_not_fire_with_alt_name_or_decorative_role() {
        for html in [
            "<p>Text <img src=x.png alt=\"A chart\"></p>",
            "<p>Text <img src=x.png alt></p>",
            "<p>Text <img src=x.png aria-label=\"A chart\"></p>",
            "<p>Text <img src=x.png role=presentation></p>",
            "<p>Text <img src=x.png hidden></p>",
        ] {
            assert!(rules_fired(html).is_empty(), "{html}");
        }
    }

    #[test]
    fn dimensions_and_file_names_are_recognised() {
        assert!(super::is_dimensions("800x600"));
        assert!(super::is_dimensions("800 × 600 px"));
        assert!(!super::is_dimensions("x-ray"));
        assert!(super::has_image_extension("chart-final.png"));
        assert!(!super::has_image_extension("see fig. png"));
        assert!(super::is_camera_name("IMG_2041"));
    }
}
