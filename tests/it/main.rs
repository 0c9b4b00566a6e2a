//! The one integration-test binary (one binary keeps the test build lean).

mod cli;
mod export;
mod qa;
mod support;
