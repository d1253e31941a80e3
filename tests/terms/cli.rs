//! `duizhao-cli terms`.
