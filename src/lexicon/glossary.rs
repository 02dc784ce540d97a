//! A deployment's own glossary (`--glossary FILE`): terms its readers know, and house
//! alternatives for terms they do not. A TSV file, one term a line: `term<TAB>ok` (never
//! flagged) or `term<TAB>plain alternative` (flagged as jargon, with that suggestion first).
//! Lines starting with `#` and blank lines are ignored.

use std::collections::HashMap;
use std::path::Path;

/// What the glossary says of a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Readers of this site know the term.
    Ok,
    /// Say this instead.
    Plain(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    /// Lowercase term → entry.
    entries: HashMap<String, Entry>,
}

impl Glossary {
    /// Parses the TSV text; an error names the line.
    pub fn parse(text: &str) -> Result<Glossary, String> {
        let mut entries = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((term, value)) = line.split_once('\t') else {
                return Err(format!(
                    "line {}: expected a term, a tab, then \"ok\" or a plain alternative",
                    number + 1
                ));
            };
            let (term, value) = (term.trim(), value.trim());
            if term.is_empty() || value.is_empty() {
                return Err(format!("line {}: empty term or alternative", number + 1));
            }
            let entry = if value.eq_ignore_ascii_case("ok") {
                Entry::Ok
            } else {
                Entry::Plain(value.to_string())
            };
            entries.insert(term.to_lowercase(), entry);
        }
        Ok(Glossary { entries })
    }

    /// Reads and parses a glossary file.
    pub fn load(path: &Path) -> Result<Glossary, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read glossary {}: {e}", path.display()))?;
        Glossary::parse(&text).map_err(|e| format!("glossary {}: {e}", path.display()))
    }

    /// The entry for a term, matched without regard to case.
    pub fn get(&self, term: &str) -> Option<&Entry> {
        if self.entries.is_empty() {
            return None;
        }
        self.entries.get(&term.to_lowercase())
    }

    /// The terms marked `ok`.
    pub fn known_terms(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|(_, e)| **e == Entry::Ok)
            .map(|(t, _)| t.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ok_and_alternatives_and_names_bad_lines() {
        let glossary = Glossary::parse("# house terms\nMDT\tok\nUterus\twomb\n\n").unwrap();
        assert_eq!(glossary.get("mdt"), Some(&Entry::Ok));
        assert_eq!(glossary.get("UTERUS"), Some(&Entry::Plain("womb".into())));
        assert_eq!(glossary.known_terms().collect::<Vec<_>>(), vec!["mdt"]);
        assert_eq!(
            Glossary::parse("ok line\nno tab here").unwrap_err(),
            "line 1: expected a term, a tab, then \"ok\" or a plain alternative"
        );
    }
}
