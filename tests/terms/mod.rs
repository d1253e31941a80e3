//! Term suggestions: the hand-marked test set and MAC-Dev (`eval`), and the `terms` subcommand (`cli`).

mod cli;
mod eval;
