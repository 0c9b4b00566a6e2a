//! The one integration-test binary (one binary keeps the test build lean).

mod cli;
mod glossary_interchange;
