//! Which files a `legible check` run reads: the paths and globs given (a directory means every
//! `.html`, `.htm` and `.md` below it), less the configuration's `ignore` globs. A file named
//! on the command line is always read: naming it is asking for it.
//!
//! Globs are the small dialect every CI user knows: `*` and `?` within one path component,
//! `**` for any number of components. A pattern without `/` matches a file or directory name
//! anywhere (`drafts` leaves out every `drafts/` folder), as in `.gitignore`. Directories whose
//! name starts with `.` (`.git`, `.github`) are not searched.

use std::path::{Path, PathBuf};

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Markdown,
}

/// The kind of a path by its extension; `None` for files `check` does not read.
pub fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => Some(Kind::Html),
        "md" | "markdown" => Some(Kind::Markdown),
        _ => None,
    }
}

/// The files to check, in a stable order (inputs in order, directories sorted), each once.
pub fn collect(inputs: &[PathBuf], ignore: &[String], root: &Path) -> Result<Vec<PathBuf>, String> {
    let ignored = Ignore::new(ignore, root);
    let mut files = Vec::new();
    for input in inputs {
        let before = files.len();
        if input.is_file() {
            if kind_of(input).is_none() {
                return Err(format!(
                    "{}: not a file legible checks (use .html, .htm or .md)",
                    input.display()
                ));
            }
            files.push(input.clone());
        } else if input.is_dir() {
            walk(input, &ignored, &mut |path| files.push(path))?;
        } else if is_glob(&input.to_string_lossy()) {
            expand(input, &ignored, &mut files)?;
            if files.len() == before {
                return Err(format!("{}: matched no file", input.display()));
            }
        } else {
            return Err(format!("{}: no such file or directory", input.display()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

/// The path as reports show it: `/` separators, no leading `./`.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

fn is_glob(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// The files under `dir` (recursively, sorted) that `check` reads and the config keeps.
fn walk(dir: &Path, ignored: &Ignore, found: &mut dyn FnMut(PathBuf)) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read directory {}: {e}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot read directory {}: {e}", dir.display()))?;
    entries.sort();
    for path in entries {
        if ignored.matches(&path) {
            continue;
        }
        if path.is_dir() {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                walk(&path, ignored, found)?;
            }
        } else if kind_of(&path).is_some() {
            found(path);
        }
    }
    Ok(())
}

/// Expands a glob: walks from its longest literal directory prefix and keeps the matches.
fn expand(pattern: &Path, ignored: &Ignore, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let text = display(pattern);
    let literal: Vec<&str> = text.split('/').take_while(|c| !is_glob(c)).collect();
    let base = if literal.is_empty() {
        PathBuf::from(".")
    } else {
        PathBuf::from(literal.join("/"))
    };
    if !base.is_dir() {
        return Ok(());
    }
    walk(&base, ignored, &mut |path| {
        if glob_match(&text, &display(&path)) {
            files.push(path);
        }
    })
}

/// The configuration's `ignore` globs, matched relative to its directory.
struct Ignore {
    patterns: Vec<String>,
    root: PathBuf,
}

impl Ignore {
    fn new(patterns: &[String], root: &Path) -> Ignore {
        Ignore {
            patterns: patterns
                .iter()
                .map(|p| p.trim_start_matches("./").trim_end_matches('/').to_string())
                .collect(),
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    fn matches(&self, path: &Path) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let relative = display(absolute.strip_prefix(&self.root).unwrap_or(path));
        self.patterns.iter().any(|pattern| {
            if pattern.contains('/') {
                glob_match(pattern, &relative)
            } else {
                relative.split('/').any(|name| glob_match(pattern, name))
            }
        })
    }
}

/// Does `path` (with `/` separators) match `pattern`?
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').filter(|c| *c != ".").collect();
    let path: Vec<&str> = path.split('/').filter(|c| *c != ".").collect();
    match_components(&pattern, &path)
}

fn match_components(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_components(rest, &path[skip..])),
        Some((first, rest)) => path
            .split_first()
            .is_some_and(|(name, tail)| match_name(first, name) && match_components(rest, tail)),
    }
}

/// `*` (any run of characters) and `?` (one character) within one name.
fn match_name(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                backtrack = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == '?' || c == n[ni] => {
                pi += 1;
                ni += 1;
            }
            _ => match backtrack {
                Some((star, matched)) => {
                    pi = star + 1;
                    ni = matched + 1;
                    backtrack = Some((star, matched + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_names_and_components() {
        assert!(glob_match("docs/*.md", "docs/a.md"));
        assert!(!glob_match("docs/*.md", "docs/sub/a.md"));
        assert!(glob_match("docs/**/*.md", "docs/a.md"));
        assert!(glob_match("docs/**/*.md", "docs/x/y/a.md"));
        assert!(glob_match("vendor/**", "vendor/x/y.html"));
        assert!(glob_match("?.htm*", "a.html"));
        assert!(!glob_match("*.md", "a.html"));
        assert!(glob_match("a*b*c", "aXbYbc"));
    }

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind_of(Path::new("a/B.HTML")), Some(Kind::Html));
        assert_eq!(kind_of(Path::new("a.md")), Some(Kind::Markdown));
        assert_eq!(kind_of(Path::new("a.txt")), None);
    }
}
