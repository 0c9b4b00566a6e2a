//! The bytes of a TMX file as UTF-8 for quick-xml: encodings detected and
//! transcoded as they are read, lines counted, pieces bounded.

use std::io::{self, BufRead};
use std::sync::atomic::Ordering;

use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::*;
use crate::tm::Progress;

/// Why the bytes themselves could not be read.
#[derive(Debug, Clone)]
pub(super) enum Problem {
    Bytes { line: u64, message: String },
    TooLong { line: u64 },
    Io(String),
}

/// The file as UTF-8 for the parser: transcoded from UTF-16, checked to be
/// UTF-8 holding only characters XML allows, lines counted as the parser
/// consumes them, and no piece longer than [`MAX_PIECE`].
pub(super) struct Input<'p, R> {
    pub(super) inner: R,
    pub(super) decoder: Option<Decoder>,
    pub(super) out: Box<[u8]>,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Nothing more will be decoded.
    pub(super) eof: bool,
    pub(super) problem: Option<Problem>,
    /// 1 + the newlines consumed so far.
    pub(super) line: u64,
    /// Bytes consumed since [`mark`](Self::mark).
    pub(super) since_mark: usize,
    pub(super) raw_read: u64,
    pub(super) progress: Option<&'p Progress>,
}

impl<'p, R: BufRead> Input<'p, R> {
    pub(super) fn new(inner: R, progress: Option<&'p Progress>) -> Self {
        Input {
            inner,
            decoder: None,
            out: vec![0; CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
            problem: None,
            line: 1,
            since_mark: 0,
            raw_read: 0,
            progress,
        }
    }

    /// Starts a new piece (an XML event) for the length limit.
    pub(super) fn mark(&mut self) {
        self.since_mark = 0;
    }

    pub(super) fn problem_error(&self) -> io::Error {
        io::Error::other("the TMX input could not be read")
    }

    pub(super) fn advance_raw(&mut self, n: usize) {
        self.inner.consume(n);
        self.raw_read += n as u64;
        if let Some(p) = self.progress {
            p.bytes_done.store(self.raw_read, Ordering::Relaxed);
        }
    }

    /// Reads the first bytes (at most 4) to tell the encoding, and decodes them.
    pub(super) fn sniff(&mut self) {
        let mut head = [0u8; 4];
        let mut n = 0;
        while n < head.len() {
            let raw = match self.inner.fill_buf() {
                Ok(raw) => raw,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.problem.get_or_insert(Problem::Io(e.to_string()));
                    self.eof = true;
                    return;
                }
            };
            if raw.is_empty() {
                break;
            }
            let take = raw.len().min(head.len() - n);
            head[n..n + take].copy_from_slice(&raw[..take]);
            n += take;
            self.advance_raw(take);
        }
        let (encoding, bom): (&'static Encoding, bool) = match head[..n] {
            [0xEF, 0xBB, 0xBF, ..] => (UTF_8, true),
            [0xFF, 0xFE, ..] => (UTF_16LE, true),
            [0xFE, 0xFF, ..] => (UTF_16BE, true),
            [b'<', 0, _, 0] => (UTF_16LE, false),
            [0, b'<', 0, _] => (UTF_16BE, false),
            _ => (UTF_8, false),
        };
        let mut decoder = if bom {
            encoding.new_decoder_with_bom_removal()
        } else {
            encoding.new_decoder_without_bom_handling()
        };
        let (result, _, written) =
            decoder.decode_to_utf8_without_replacement(&head[..n], &mut self.out, false);
        self.decoder = Some(decoder);
        self.decoded(result, written);
    }

    /// Takes in the `written` bytes just decoded into `self.out`: checks
    /// them and notes a decoding error.
    pub(super) fn decoded(&mut self, result: DecoderResult, written: usize) {
        let mut end = written;
        if let Some((bad, c)) = forbidden_char(&self.out[..end]) {
            end = bad;
            self.fail_bytes(
                end,
                format!(
                    "the character U+{:04X}, which XML does not allow",
                    u32::from(c)
                ),
            );
        } else if let DecoderResult::Malformed(..) = result {
            let name = self
                .decoder
                .as_ref()
                .map_or("UTF-8", |d| d.encoding().name());
            self.fail_bytes(end, format!("bytes that are not valid {name}"));
        }
        self.end = end;
    }

    pub(super) fn fail_bytes(&mut self, valid_end: usize, message: String) {
        let line = self.line + newlines(&self.out[self.start..valid_end]);
        self.problem.get_or_insert(Problem::Bytes { line, message });
        self.eof = true;
    }

    /// Decodes more of the input into the (empty) buffer.
    pub(super) fn refill(&mut self) {
        self.start = 0;
        self.end = 0;
        if self.decoder.is_none() {
            self.sniff();
        }
        while self.end == 0 && !self.eof {
            let Some(decoder) = self.decoder.as_mut() else {
                break;
            };
            let raw = match self.inner.fill_buf() {
                Ok(raw) => raw,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.problem.get_or_insert(Problem::Io(e.to_string()));
                    self.eof = true;
                    break;
                }
            };
            let last = raw.is_empty();
            let (result, read, written) =
                decoder.decode_to_utf8_without_replacement(raw, &mut self.out, last);
            self.advance_raw(read);
            if last && result == DecoderResult::InputEmpty {
                self.eof = true;
            }
            self.decoded(result, written);
        }
    }
}

impl<R: BufRead> io::Read for Input<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Input<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            if self.since_mark > MAX_PIECE {
                self.problem
                    .get_or_insert(Problem::TooLong { line: self.line });
            }
            if self.problem.is_none() {
                self.refill();
            }
            if self.start == self.end && self.problem.is_some() {
                return Err(self.problem_error());
            }
        }
        Ok(&self.out[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let n = amount.min(self.end - self.start);
        self.line += newlines(&self.out[self.start..self.start + n]);
        self.since_mark += n;
        self.start += n;
    }
}

pub(super) fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The first character of valid UTF-8 `bytes` that XML 1.0 does not allow
/// (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF), with its offset.
pub(super) fn forbidden_char(bytes: &[u8]) -> Option<(usize, char)> {
    bytes.iter().enumerate().find_map(|(i, &b)| match b {
        0..=8 | 0x0B | 0x0C | 0x0E..=0x1F => Some((i, char::from(b))),
        0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => Some((
            i,
            if bytes[i + 2] == 0xBE {
                '\u{FFFE}'
            } else {
                '\u{FFFF}'
            },
        )),
        _ => None,
    })
}
