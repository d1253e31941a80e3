//! Translation memory: TMX conformance (the LISA/OmegaT/Okapi files and our own bad files), real-client
//! checks of our TMX exports, the CLI (named memories, imports killed at random moments), and the
//! end-to-end run on the MAC dev set.

mod cli;
mod end_to_end;
mod engines;
mod kill;
mod memories;
pub(crate) mod tmx_clients;
mod tmx_conformance;
