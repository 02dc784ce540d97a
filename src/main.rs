//! The `legible` command: the service, one-off analyses, and the text engine for inspection.
//!
//! Exit codes: 0 success; 1 `check` found problems over the project's limits; 2 usage or input error (unreadable file, invalid encoding, empty
//! document), with a message on stderr.

use clap::{Parser, Subcommand, ValueEnum};
use legible::document::ScopeOption;
use legible::lexicon::glossary::Glossary;
use legible::{analyze_html, analyze_markdown, analyze_text, checks, ci, server, text, Options};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

mod allocator;
#[cfg(target_arch = "x86_64")]
mod cpu;

#[derive(Parser)]
#[command(
    name = "legible",
    version,
    about = "How hard an article is to read, and where it fails people."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP service (POST /v1/analyze, GET /openapi.json, GET /livez …).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Largest request body accepted; larger ones get 413.
        #[arg(long, default_value_t = server::DEFAULT_MAX_BODY_BYTES)]
        max_body_bytes: usize,
        /// Glossary TSV: `term<TAB>ok` (never flagged) or `term<TAB>plain alternative`.
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// API keys, one per line (`#` starts a comment): `/v1/*` then needs
        /// `Authorization: Bearer <key>`. Keys in LEGIBLE_API_KEYS (comma-separated) count too.
        #[arg(long)]
        api_key_file: Option<PathBuf>,
        /// An origin allowed to call the API from a browser (repeatable), e.g.
        /// `https://cms.example.org`. None by default.
        #[arg(long = "cors-origin")]
        cors_origins: Vec<String>,
        /// Analyses admitted at once (running, or waiting their turn in order); more get 503
        /// with Retry-After.
        #[arg(long, default_value_t = server::DEFAULT_MAX_CONCURRENT)]
        max_concurrent: usize,
        /// One line per request on stderr: text, json, or off.
        #[arg(long, value_enum, default_value = "text")]
        log_format: server::LogFormat,
    },
    /// Analyse one file (`.html`/`.htm` as HTML, `.md` as Markdown, `.txt` as plain text; `-`
    /// reads stdin) and print the JSON report.
    Analyze {
        /// The file, or `-` for standard input.
        file: PathBuf,
        /// Which part of the HTML is the article.
        #[arg(long, value_enum, default_value = "auto")]
        scope: ScopeArg,
        /// Read the input as this kind, whatever its extension.
        #[arg(long = "as", value_enum)]
        kind: Option<InputKind>,
        /// Glossary TSV: `term<TAB>ok` (never flagged) or `term<TAB>plain alternative`.
        #[arg(long)]
        glossary: Option<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Check many files for CI (HTML and Markdown; directories are searched): thresholds and
    /// rule levels from legible.toml. Exit 0 pass, 1 failed, 2 usage or input error.
    Check {
        /// Files, directories or globs (default: the working directory).
        paths: Vec<PathBuf>,
        /// The configuration (default: legible.toml here or in a parent directory).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// `text` for people; `json`; `sarif` for code scanning; `junit` for test reports;
        /// `github` for workflow annotations and the step summary.
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
        /// Compare with a baseline written by --write-baseline.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Record per-file grades and finding fingerprints for later runs.
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<PathBuf>,
        /// `findings`: any problem at the failing level; `regression`: only what is new since
        /// --baseline (the default when a baseline is given).
        #[arg(long, value_enum)]
        fail_on: Option<FailOnArg>,
    },
    /// Split plain text on stdin (newlines are whitespace) into sentences; print a JSON array.
    Sentences,
    /// Count syllables of each word on stdin (one per line); print one count per line.
    Syllables {
        /// Use the rules alone, without the exception dictionary (for evaluating the rules).
        #[arg(long)]
        rules_only: bool,
    },
    /// Print the rule registry as JSON.
    Rules,
    /// Analyse FILE in a warm loop; print microseconds per document and words per second.
    Bench {
        file: PathBuf,
        /// How long to measure, in seconds (after a warm-up of a tenth of that).
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
    },
    /// Exit 0 when the service at ADDR answers /livez (for container health checks).
    Healthcheck {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ScopeArg {
    Auto,
    Page,
    Fragment,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOnArg {
    Findings,
    Regression,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputKind {
    Html,
    Markdown,
    Text,
}

fn main() -> ExitCode {
    #[cfg(target_arch = "x86_64")]
    if let Some(message) = cpu::unsupported() {
        eprintln!("legible: {message}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve {
            addr,
            max_body_bytes,
            glossary,
            api_key_file,
            cors_origins,
            max_concurrent,
            log_format,
        } => load_api_keys(api_key_file.as_deref()).and_then(|api_keys| {
            let settings = server::Settings {
                addr,
                max_body_bytes,
                glossary: load_glossary(glossary.as_deref())?,
                api_keys,
                cors_origins,
                max_concurrent,
                log_format,
                ..server::Settings::default()
            };
            serve(settings)
        }),
        Command::Analyze {
            file,
            scope,
            kind,
            glossary,
            report,
        } => analyze(&file, scope, kind, glossary.as_deref(), &report),
        Command::Check {
            paths,
            config,
            format,
            baseline,
            write_baseline,
            fail_on,
        } => {
            let fail_on = match (fail_on, &baseline) {
                (Some(FailOnArg::Findings), _) | (None, None) => ci::FailOn::Findings,
                (Some(FailOnArg::Regression), _) | (None, Some(_)) => ci::FailOn::Regression,
            };
            let request = ci::Request {
                inputs: paths,
                config,
                format: match format {
                    FormatArg::Text => ci::Format::Text,
                    FormatArg::Json => ci::Format::Json,
                    FormatArg::Sarif => ci::Format::Sarif,
                    FormatArg::Junit => ci::Format::Junit,
                    FormatArg::Github => ci::Format::Github,
                },
                baseline,
                write_baseline,
                fail_on,
            };
            return match ci::run(&request, &mut std::io::stdout().lock()) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(message) => {
                    eprintln!("legible: {message}");
                    ExitCode::from(2)
                }
            };
        }
        Command::Sentences => sentences(),
        Command::Syllables { rules_only } => syllables(rules_only),
        Command::Rules => print_json(&checks::REGISTRY),
        Command::Bench { file, seconds } => bench(&file, seconds),
        Command::Healthcheck { addr } => healthcheck(&addr),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("legible: {message}");
            ExitCode::from(2)
        }
    }
}

fn serve(settings: server::Settings) -> Result<(), String> {
    let addr = settings.addr.clone();
    actix_web::rt::System::new()
        .block_on(server::run(settings))
        .map_err(|e| format!("cannot serve on {addr}: {e}"))
}

/// Keys from `--api-key-file` and from `LEGIBLE_API_KEYS`; none means no authentication.
fn load_api_keys(file: Option<&Path>) -> Result<server::ApiKeys, String> {
    let from_file = file.map(server::ApiKeys::from_file).transpose()?;
    let from_env = std::env::var("LEGIBLE_API_KEYS")
        .map(|list| server::ApiKeys::from_list(&list))
        .unwrap_or_default();
    Ok(from_file.unwrap_or_default().union(from_env))
}

fn analyze(
    file: &Path,
    scope: ScopeArg,
    kind: Option<InputKind>,
    glossary: Option<&Path>,
    report: &ReportArgs,
) -> Result<(), String> {
    let kind = match kind {
        Some(kind) => kind,
        None => kind_of(file)?,
    };
    let bytes = read_input(file)?;
    let options = Options {
        scope: match scope {
            ScopeArg::Auto => ScopeOption::Auto,
            ScopeArg::Page => ScopeOption::Page,
            ScopeArg::Fragment => ScopeOption::Fragment,
        },
        glossary: load_glossary(glossary)?,
        ..report.options()?
    };
    let report = match kind {
        InputKind::Html => analyze_html(&bytes, None, &options),
        InputKind::Markdown => analyze_markdown(&bytes, None, &options),
        InputKind::Text => analyze_text(&bytes, None, &options),
    }
    .map_err(|e| format!("{}: {e}", file.display()))?;
    print_json(&report)
}

/// The report options of the HTTP API (`options` of `POST /v1/analyze`), as flags.
#[derive(clap::Args)]
struct ReportArgs {
    /// Headline health-literacy profile: ama (grade 6), nih (grade 8), nhs (reading age 11)
    /// or custom (with --target-grade).
    #[arg(long)]
    profile: Option<String>,
    /// Highest passing grade of the custom profile.
    #[arg(long)]
    target_grade: Option<f64>,
    /// Difficulty score at which a sentence of 14 words or more is hard (default 10).
    #[arg(long)]
    hard_grade: Option<f64>,
    /// Difficulty score at which a sentence of 14 words or more is very hard (default 14).
    #[arg(long)]
    very_hard_grade: Option<f64>,
    /// Language of the text when the document does not say, e.g. en-GB.
    #[arg(long)]
    language: Option<String>,
    /// Heading level a fragment starts at (1 to 6).
    #[arg(long)]
    first_heading_level: Option<u8>,
    /// Terms accepted here, never flagged as jargon (comma-separated).
    #[arg(long)]
    allow_terms: Option<String>,
}

impl ReportArgs {
    /// The options, read by the same rules as the API's, so a flag is checked exactly as the
    /// request option of the same name.
    fn options(&self) -> Result<Options, String> {
        let json = serde_json::json!({
            "profile": self.profile,
            "target_grade": self.target_grade,
            "hard_grade": self.hard_grade,
            "very_hard_grade": self.very_hard_grade,
            "language": self.language,
            "first_heading_level": self.first_heading_level,
            "allow_terms": self.allow_terms,
        });
        let set = json
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        serde_json::from_value(serde_json::Value::Object(set))
            .map_err(|e| format!("unusable option: {e}"))
    }
}

/// The glossary file, parsed once for the whole run.
fn load_glossary(path: Option<&Path>) -> Result<Option<Arc<Glossary>>, String> {
    path.map(|p| Glossary::load(p).map(Arc::new)).transpose()
}

fn kind_of(file: &Path) -> Result<InputKind, String> {
    if file.as_os_str() == "-" {
        return Ok(InputKind::Html);
    }
    match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Ok(InputKind::Html),
        Some("md" | "markdown") => Ok(InputKind::Markdown),
        Some("txt") => Ok(InputKind::Text),
        _ => Err(format!(
            "{}: unknown file type (use .html, .htm, .md or .txt, or say --as html|markdown|text)",
            file.display()
        )),
    }
}

fn bench(file: &Path, seconds: f64) -> Result<(), String> {
    use std::time::{Duration, Instant};
    let kind = kind_of(file)?;
    let bytes = read_input(file)?;
    let options = Options::default();
    let run = || match kind {
        InputKind::Html => analyze_html(&bytes, None, &options),
        InputKind::Markdown => analyze_markdown(&bytes, None, &options),
        InputKind::Text => analyze_text(&bytes, None, &options),
    };
    let words = run()
        .map_err(|e| format!("{}: {e}", file.display()))?
        .stats
        .words;
    let budget = Duration::from_secs_f64(seconds.max(0.1));
    let warm_up = Instant::now();
    while warm_up.elapsed() < budget / 10 {
        std::hint::black_box(run().ok());
    }
    let (start, mut runs) = (Instant::now(), 0u32);
    while start.elapsed() < budget {
        std::hint::black_box(run().ok());
        runs += 1;
    }
    let per_doc = start.elapsed().as_secs_f64() / f64::from(runs);
    // Written, not printed: a closed pipe (`| head -1`) is an error to report, not a panic.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:.1} µs per document", per_doc * 1e6)
        .and_then(|()| {
            writeln!(
                out,
                "{:.0} words per second ({words} words, {runs} runs)",
                words as f64 / per_doc
            )
        })
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

fn read_input(file: &Path) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    }
    Ok(bytes)
}

fn read_stdin_text() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read standard input as UTF-8: {e}"))?;
    Ok(text)
}

fn sentences() -> Result<(), String> {
    // Newlines are whitespace, and whitespace is folded as in a block of HTML text.
    let input = read_stdin_text()?
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let list: Vec<&str> = text::sentences::split(&input)
        .into_iter()
        .map(|r| &input[r])
        .collect();
    print_json(&list)
}

fn syllables(rules_only: bool) -> Result<(), String> {
    let count = if rules_only {
        text::syllables::count_rules
    } else {
        text::syllables::count
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| format!("cannot read standard input: {e}"))?;
        writeln!(out, "{}", count(line.trim())).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), String> {
    // Block-buffered: stdout is line-buffered, and a pretty report has a line per field.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| e.to_string())?;
    writeln!(out).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())
}

/// A minimal HTTP/1.1 GET of /livez, so a container needs no shell tools to check health.
fn healthcheck(addr: &str) -> Result<(), String> {
    use std::net::TcpStream;
    use std::time::Duration;
    let mut stream =
        TcpStream::connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET /livez HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("cannot send to {addr}: {e}"))?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| format!("no answer from {addr}: {e}"))?;
    let status = response.split_whitespace().nth(1).unwrap_or("");
    if status == "200" {
        Ok(())
    } else {
        Err(format!("{addr}/livez answered {status:?}"))
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use crate::allocator::ARENA_EAGER_COMMIT;
    use libmimalloc_sys::{mi_option_get, mi_version};

    #[test]
    fn the_allocators_option_is_set_before_main_for_the_release_it_was_read_from() {
        // SAFETY: both only read mimalloc's constants and option table.
        let (version, eager) = unsafe { (mi_version(), mi_option_get(ARENA_EAGER_COMMIT)) };
        assert_eq!(
            version, 30302,
            "mimalloc is not 3.3.2: check src/allocator.rs's option number against its mimalloc.h"
        );
        assert_eq!(eager, 0);
    }
}
