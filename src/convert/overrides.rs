//! User overrides: a phrase table layered over OpenCC so that the user's preferred form wins.
//!
//! Where an override key occurs (leftmost, longest first) its replacement is output as given and
//! OpenCC does not touch it; the text between overrides is converted by OpenCC as usual. This is how a
//! glossary keeps 渝洽会 → 渝洽會 whatever OpenCC's phrase tables say. Main type: [`Overrides`].

use super::config::Config;

/// A table of (from, to) phrases applied before OpenCC's own dictionaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pairs: Vec<(String, String)>,
}

impl Overrides {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// A table from (from, to) pairs, in the direction of the conversion it will be used with.
    /// Empty `from` phrases are ignored; for a repeated `from`, the last pair wins.
    pub fn from_pairs<F, T>(pairs: impl IntoIterator<Item = (F, T)>) -> Self
    where
        F: Into<String>,
        T: Into<String>,
    {
        let mut o = Self::new();
        for (from, to) in pairs {
            o.insert(from, to);
        }
        o
    }

    /// A table for `config` from (Simplified, Traditional) pairs such as a glossary's: used as they
    /// are for conversions from Simplified, reversed for conversions to Simplified, and empty for
    /// conversions between two Traditional (or Japanese) standards, where they do not apply.
    pub fn for_config<S, T>(config: Config, pairs: impl IntoIterator<Item = (S, T)>) -> Self
    where
        S: Into<String>,
        T: Into<String>,
    {
        let pairs = pairs.into_iter().map(|(s, t)| (s.into(), t.into()));
        if config.from_simplified() {
            Self::from_pairs(pairs)
        } else if config.to_simplified() {
            Self::from_pairs(pairs.map(|(s, t)| (t, s)))
        } else {
            Self::new()
        }
    }

    /// Adds or replaces the phrase `from`.
    pub fn insert(&mut self, from: impl Into<String>, to: impl Into<String>) {
        let from = from.into();
        if !from.is_empty() {
            self.pairs.push((from, to.into()));
        }
    }

    /// The same table in the other direction (to → from).
    pub fn reversed(&self) -> Self {
        Self::from_pairs(self.pairs.iter().map(|(f, t)| (t.clone(), f.clone())))
    }

    /// Number of pairs given (a repeated phrase counts each time).
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs, in the order given.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(f, t)| (f.as_str(), t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_the_config() {
        let glossary = [("渝洽会", "渝洽會"), ("两江新区", "兩江新區")];
        let s2t = Overrides::for_config(Config::S2twp, glossary);
        assert_eq!(s2t.pairs().next(), Some(("渝洽会", "渝洽會")));
        let t2s = Overrides::for_config(Config::Hk2s, glossary);
        assert_eq!(t2s.pairs().next(), Some(("渝洽會", "渝洽会")));
        assert!(Overrides::for_config(Config::T2tw, glossary).is_empty());
        assert_eq!(s2t.reversed(), t2s);
        let mut o = Overrides::new();
        o.insert("", "x");
        assert!(o.is_empty());
        assert_eq!(o.len(), 0);
    }
}
