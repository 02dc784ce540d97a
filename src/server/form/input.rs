//! The form's submission: the article (pasted HTML, pasted plain text, or an uploaded file)
//! and the options, from an `application/x-www-form-urlencoded` or `multipart/form-data`
//! body. Bad input is a [`Problem`] the page shows: 400 malformed, 415 a file type we do not
//! read, 422 an unusable option.

use crate::document::ScopeOption;
use crate::measures::profiles::ProfileId;
use crate::server::Problem;
use crate::Options;
use actix_web::http::StatusCode;
use actix_web::web;

/// What the editor submitted: the article and the options to analyse it with.
pub struct Submission {
    pub article: Article,
    pub options: Options,
}

/// The article, as HTML, Markdown or plain text.
pub enum Article {
    Html(Vec<u8>),
    Markdown(Vec<u8>),
    Text(Vec<u8>),
}

/// The submitted values, echoed into the form of the report page.
#[derive(Default)]
pub struct Fields {
    /// The textarea's text (an uploaded file's text when a file was sent).
    pub text: String,
    /// `html` or `text`: how the textarea is read.
    pub format: String,
    pub profile: String,
    pub target_grade: String,
    pub language: String,
    pub scope: String,
    pub first_heading_level: String,
}

/// One form field: its name, the file name of an upload, and its bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub filename: Option<String>,
    pub value: Vec<u8>,
}

/// Parses a form body of the given `Content-Type`. The fields come back whatever happens, so
/// that an error page keeps what the editor typed.
pub fn parse(content_type: &str, body: &[u8]) -> (Fields, Result<Submission, Problem>) {
    match form_fields(content_type, body) {
        Ok(fields) => submission(fields),
        Err(problem) => (Fields::default(), Err(problem)),
    }
}

fn form_fields(content_type: &str, body: &[u8]) -> Result<Vec<Field>, Problem> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => urlencoded(body),
        "multipart/form-data" => {
            let boundary = boundary(content_type).ok_or_else(|| {
                Problem::bad_request(
                    "invalid_form",
                    "the multipart body has no boundary parameter",
                )
            })?;
            multipart(body, &boundary)
        }
        _ => Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the form as application/x-www-form-urlencoded or multipart/form-data",
        )),
    }
}

fn urlencoded(body: &[u8]) -> Result<Vec<Field>, Problem> {
    let text = std::str::from_utf8(body)
        .map_err(|_| Problem::bad_request("invalid_form", "the form body is not UTF-8"))?;
    let pairs = web::Query::<Vec<(String, String)>>::from_query(text)
        .map_err(|err| Problem::bad_request("invalid_form", format!("unreadable form: {err}")))?;
    Ok(pairs
        .into_inner()
        .into_iter()
        .map(|(name, value)| Field {
            name,
            filename: None,
            value: value.into_bytes(),
        })
        .collect())
}

/// The `boundary` parameter of a multipart content type.
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        let value = value.trim().trim_matches('"');
        (key.trim().eq_ignore_ascii_case("boundary") && !value.is_empty())
            .then(|| value.to_string())
    })
}

/// Splits a `multipart/form-data` body (RFC 7578) into its fields.
pub fn multipart(body: &[u8], boundary: &str) -> Result<Vec<Field>, Problem> {
    let malformed = |what: &str| {
        Problem::bad_request("invalid_form", format!("malformed multipart body: {what}"))
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut at = find(body, &delimiter).ok_or_else(|| malformed("no boundary line"))?;
    let mut fields = Vec::new();
    loop {
        at += delimiter.len();
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(fields);
        }
        let part_start = at + find(rest, b"\r\n").ok_or_else(|| malformed("cut short"))? + 2;
        let part = &body[part_start..];
        let head_len = find(part, b"\r\n\r\n").ok_or_else(|| malformed("part without headers"))?;
        let headers = std::str::from_utf8(&part[..head_len])
            .map_err(|_| malformed("part headers are not UTF-8"))?;
        let content = &part[head_len + 4..];
        let end = find_delimiter(content, &delimiter).ok_or_else(|| malformed("cut short"))?;
        if let Some((name, filename)) = disposition(headers) {
            fields.push(Field {
                name,
                filename,
                value: content[..end].to_vec(),
            });
        }
        at = part_start + head_len + 4 + end + 2;
    }
}

/// Where `\r\n--boundary` starts in a part's content: the delimiter line is the boundary
/// followed by `--` (the last) or a line end (RFC 2046, 5.1.1), so `--boundaryX` is content.
fn find_delimiter(content: &[u8], delimiter: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = find(&content[from..], b"\r\n") {
        let at = from + i;
        if let Some(after) = content[at + 2..].strip_prefix(delimiter) {
            // Transport padding: spaces and tabs before the line end.
            let padding = after
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            let after = &after[padding..];
            if after.starts_with(b"--") || after.starts_with(b"\r\n") {
                return Some(at);
            }
        }
        from = at + 2;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The `name` and `filename` of a part's `Content-Disposition: form-data` header.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let value = headers.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case("content-disposition")
            .then_some(value)
    })?;
    let params = parameters(value);
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    Some((get("name")?, get("filename")))
}

/// `form-data; name="a;b"; filename=x` → `[("name", "a;b"), ("filename", "x")]`: semicolons
/// split parameters except inside quotes, and a backslash escapes the next character there.
fn parameters(value: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut chars = value.chars();
    let (mut key, mut val, mut in_value) = (String::new(), String::new(), false);
    let mut push = |key: &mut String, val: &mut String| {
        if !key.trim().is_empty() {
            params.push((key.trim().to_string(), std::mem::take(val)));
        }
        key.clear();
        val.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            ';' => {
                push(&mut key, &mut val);
                in_value = false;
            }
            '=' if !in_value => in_value = true,
            '"' if in_value => {
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => val.extend(chars.next()),
                        _ => val.push(q),
                    }
                }
            }
            _ if in_value => {
                if !c.is_whitespace() || !val.is_empty() {
                    val.push(c);
                }
            }
            _ => key.push(c),
        }
    }
    push(&mut key, &mut val);
    params
}

/// The echoed fields, and the article and options they ask for.
fn submission(fields: Vec<Field>) -> (Fields, Result<Submission, Problem>) {
    let text_of = |name: &str| {
        fields
            .iter()
            .find(|f| f.name == name && f.filename.is_none())
            .map(|f| String::from_utf8_lossy(&f.value).into_owned())
            .unwrap_or_default()
    };
    let mut echo = Fields {
        text: text_of("html"),
        format: text_of("format"),
        profile: text_of("profile"),
        target_grade: text_of("target_grade").trim().to_string(),
        language: text_of("language"),
        scope: text_of("scope"),
        first_heading_level: text_of("first_heading_level"),
    };
    let options = match options(&echo) {
        Ok(options) => options,
        Err(problem) => return (echo, Err(problem)),
    };
    let upload = fields
        .into_iter()
        .find(|f| f.name == "file" && f.filename.is_some() && !f.value.is_empty());
    let article = match upload {
        Some(file) => {
            let article = match uploaded(file.filename.as_deref().unwrap_or(""), file.value) {
                Ok(article) => article,
                Err(problem) => return (echo, Err(problem)),
            };
            let (Article::Html(bytes) | Article::Markdown(bytes) | Article::Text(bytes)) = &article;
            echo.text = String::from_utf8_lossy(bytes).into_owned();
            echo.format = match article {
                Article::Html(_) => "html",
                Article::Markdown(_) => "markdown",
                Article::Text(_) => "text",
            }
            .to_string();
            article
        }
        None if echo.text.trim().is_empty() => {
            let problem = Problem::bad_request(
                "empty_document",
                "the form is empty: paste the article's HTML or text, or choose a file",
            );
            return (echo, Err(problem));
        }
        None if echo.format == "text" => Article::Text(echo.text.clone().into_bytes()),
        None if echo.format == "markdown" => Article::Markdown(echo.text.clone().into_bytes()),
        None => Article::Html(echo.text.clone().into_bytes()),
    };
    (echo, Ok(Submission { article, options }))
}

/// An uploaded file, read by its extension: `.html`/`.htm` as HTML, `.md`/`.markdown` as
/// Markdown, `.txt` as plain text.
fn uploaded(filename: &str, bytes: Vec<u8>) -> Result<Article, Problem> {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => Ok(Article::Html(bytes)),
        "md" | "markdown" => Ok(Article::Markdown(bytes)),
        "txt" => Ok(Article::Text(bytes)),
        _ => Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("\"{filename}\" is not a file the form reads: upload .html, .htm, .md or .txt"),
        )),
    }
}

/// The analysis options of the form's fields; an unusable value is a 422.
fn options(fields: &Fields) -> Result<Options, Problem> {
    let bad = |detail: String| Problem::unprocessable("invalid_options", detail);
    let profile = match fields.profile.as_str() {
        "" | "nih" => ProfileId::Nih,
        "ama" => ProfileId::Ama,
        "nhs" => ProfileId::Nhs,
        "custom" => ProfileId::Custom,
        other => return Err(bad(format!("unknown profile \"{other}\""))),
    };
    let target_grade = match fields.target_grade.as_str() {
        "" => None,
        grade => Some(
            grade
                .parse::<f64>()
                .ok()
                .filter(|g| (0.0..=20.0).contains(g))
                .ok_or_else(|| bad(format!("the target grade must be 0 to 20, not \"{grade}\"")))?,
        ),
    };
    if profile == ProfileId::Custom && target_grade.is_none() {
        return Err(bad("the custom profile needs a target grade".to_string()));
    }
    let language = match fields.language.as_str() {
        "" => None,
        tag @ ("en-US" | "en-GB") => Some(tag.to_string()),
        other => return Err(bad(format!("unknown language variant \"{other}\""))),
    };
    let scope = match fields.scope.as_str() {
        "" | "auto" => ScopeOption::Auto,
        "page" => ScopeOption::Page,
        "fragment" => ScopeOption::Fragment,
        other => return Err(bad(format!("unknown scope \"{other}\""))),
    };
    let first_heading_level = match fields.first_heading_level.as_str() {
        "" => None,
        level => Some(
            level
                .parse::<u8>()
                .ok()
                .filter(|l| (1..=6).contains(l))
                .ok_or_else(|| {
                    bad(format!(
                        "the first heading level must be 1 to 6, not \"{level}\""
                    ))
                })?,
        ),
    };
    Ok(Options {
        scope,
        language,
        profile,
        target_grade,
        first_heading_level,
        ..Options::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\nama\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a;b \\\"c\\\".html\"\r\n\
Content-Type: text/html\r\n\r\n<p>Line one.\r\n--XyZnot a boundary</p>\r\n--XyZ--\r\n";

    #[test]
    fn multipart_fields_names_files_and_values() {
        let fields = multipart(BODY, "XyZ").unwrap();
        assert_eq!(
            fields,
            vec![
                Field {
                    name: "profile".into(),
                    filename: None,
                    value: b"ama".to_vec()
                },
                Field {
                    name: "file".into(),
                    filename: Some("a;b \"c\".html".into()),
                    value: b"<p>Line one.\r\n--XyZnot a boundary</p>".to_vec()
                },
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_body_parses_or_is_a_problem(
            body in proptest::collection::vec(proptest::sample::select(
                b"-XyZ\r\n\"=;: anamefilex".to_vec()), 0..200)
        ) {
            let _ = parse("multipart/form-data; boundary=XyZ", &body);
            let _ = parse("application/x-www-form-urlencoded", &body);
        }
    }

    #[test]
    fn malformed_multipart_is_a_400_not_a_panic() {
        for body in [
            &b""[..],
            b"--XyZ",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
            b"--XyZ\r\nno blank line",
        ] {
            let err = multipart(body, "XyZ").unwrap_err();
            assert_eq!(err.status, 400, "{:?}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn an_upload_wins_over_the_textarea_and_is_read_by_its_extension() {
        let submission = parse("multipart/form-data; boundary=XyZ", BODY).1.unwrap();
        assert!(matches!(submission.article, Article::Html(_)));
        assert_eq!(submission.options.profile, ProfileId::Ama);
        let markdown = String::from_utf8_lossy(BODY).replace(".html", ".md");
        let (fields, result) = parse("multipart/form-data; boundary=XyZ", markdown.as_bytes());
        assert!(matches!(result.unwrap().article, Article::Markdown(_)));
        assert_eq!(fields.format, "markdown");
        let other = String::from_utf8_lossy(BODY).replace(".html", ".docx");
        let (fields, result) = parse("multipart/form-data; boundary=XyZ", other.as_bytes());
        assert_eq!(fields.profile, "ama");
        assert_eq!(result.err().unwrap().status, 415);
    }

    #[test]
    fn urlencoded_text_and_bad_options() {
        let ok = parse(
            "application/x-www-form-urlencoded",
            b"html=Hello+there.&format=text&language=en-GB&first_heading_level=2",
        )
        .1
        .unwrap();
        assert!(matches!(ok.article, Article::Text(ref t) if t == b"Hello there."));
        assert_eq!(ok.options.first_heading_level, Some(2));
        for body in [
            &b"html=x&profile=who"[..],
            b"html=x&profile=custom",
            b"html=x&first_heading_level=7",
            b"html=x&target_grade=NaN",
        ] {
            let err = parse("application/x-www-form-urlencoded", body)
                .1
                .err()
                .unwrap();
            assert_eq!(err.status, 422, "{}", String::from_utf8_lossy(body));
        }
        let empty = parse("application/x-www-form-urlencoded", b"html=++")
            .1
            .err()
            .unwrap();
        assert_eq!(empty.status, 400);
    }
}
