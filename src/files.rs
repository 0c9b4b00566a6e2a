//! Every file the program reads or writes goes through here, so the rules
//! hold for all of them (issue 10: never crash, never hang, never damage a
//! file):
//!
//! - [`read_input`] reads only regular files (or standard input for `-`),
//!   never more than a named [`Limit`]: a FIFO with no writer cannot hang
//!   it, `/dev/zero` cannot fill the memory.
//! - [`AtomicFile`] / [`write_atomic`] replace a regular file atomically;
//!   `-` is standard output; a FIFO or character device (`/dev/null`,
//!   `/dev/stdout`) is written through, not replaced; a dangling symlink
//!   or a symlink loop is refused. Temporary files left by a killed run
//!   are removed on the next write to their folder.
//! - [`refuse_same_file`] stops an output from overwriting an input.
//! - [`FileLock`] serialises read-modify-write cycles between programs.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A cap on how much of an input is read, named in the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// The constant's name, for the message.
    pub name: &'static str,
    /// What kind of file it applies to.
    pub what: &'static str,
}

/// Arabic texts and projects: a long book is a few MB.
pub const MAX_DOCUMENT_BYTES: Limit = Limit {
    bytes: 256 << 20,
    name: "MAX_DOCUMENT_BYTES",
    what: "a document",
};
/// Glossaries and term bases (TOML, TBX, CSV, TSV): 100 000 terms is ~20 MB.
pub const MAX_GLOSSARY_BYTES: Limit = Limit {
    bytes: 256 << 20,
    name: "MAX_GLOSSARY_BYTES",
    what: "a glossary",
};
/// Reviewed files brought back into a project (XLIFF, DOCX), and each part
/// unpacked from a DOCX.
pub const MAX_REVIEW_BYTES: Limit = Limit {
    bytes: 512 << 20,
    name: "MAX_REVIEW_BYTES",
    what: "a reviewed file",
};

fn too_large(limit: Limit) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "larger than {} MiB, the limit for {} ({}); not read",
            limit.bytes >> 20,
            limit.what,
            limit.name
        ),
    )
}

/// What a file that is not regular is, for messages.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        return "a directory";
    }
    "a special file"
}

fn not_regular(meta: &fs::Metadata) -> io::Error {
    if meta.is_dir() {
        return io::Error::new(io::ErrorKind::IsADirectory, "is a directory, not a file");
    }
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{}, not a regular file; not read", kind_of(meta)),
    )
}

/// Reads `reader` to its end, refusing more than `limit` bytes.
pub fn read_limited(reader: impl Read, limit: Limit) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// Reads the whole of `path`, which must be a regular file no larger than
/// `limit`. Checked before opening, as opening a FIFO would wait for a
/// writer, and again after. Errors are one line, without the path (see
/// [`crate::io_message`]). `-` is a file name here; the commands that
/// document `-` as standard input use [`read_input_text`].
pub fn read_input(path: &Path, limit: Limit) -> io::Result<Vec<u8>> {
    read_limited(open_input(path, limit)?, limit)
}

/// Opens `path` for a reader that streams it: a regular file (checked
/// before opening, as opening a FIFO would wait for a writer, and after)
/// no larger than `limit`.
pub fn open_input(path: &Path, limit: Limit) -> io::Result<File> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > limit.bytes {
        return Err(too_large(limit));
    }
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > limit.bytes {
        return Err(too_large(limit));
    }
    Ok(file)
}

/// [`read_input`] as UTF-8 text, `-` being standard input (under the same
/// limit); the error names where the bytes stop being UTF-8.
pub fn read_input_text(path: &Path, limit: Limit) -> io::Result<String> {
    let bytes = if path == Path::new("-") {
        read_limited(io::stdin().lock(), limit)?
    } else {
        read_input(path, limit)?
    };
    String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not valid UTF-8 at byte offset {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Whether `a` and `b` are the same file: the same device and inode on
/// unix (hard links, symlinks, `./x` and `x` alike), else the same
/// canonical path. A path that does not exist is no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if a == Path::new("-") || b == Path::new("-") {
        return false;
    }
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        // Devices and FIFOs are written through, never replaced.
        if !ma.is_file() {
            return false;
        }
        if (ma.dev(), ma.ino()) == (mb.dev(), mb.ino()) {
            return true;
        }
    }
    let _ = (&ma, &mb);
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Refuses to write `output` when it is one of `inputs`: the message names both.
pub fn refuse_same_file(output: &Path, inputs: &[&Path]) -> Result<(), String> {
    match inputs.iter().find(|input| same_file(output, input)) {
        Some(input) => Err(format!(
            "{}: is the input {}; writing it would destroy it (choose another output)",
            output.display(),
            input.display()
        )),
        None => Ok(()),
    }
}

/// Replaces `path` with `bytes` as [`AtomicFile`] does.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Where an [`AtomicFile`]'s bytes go.
#[derive(Debug)]
enum Dest {
    File(File),
    Stdout(io::Stdout),
}

impl Write for Dest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Dest::File(f) => f.write(buf),
            Dest::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Dest::File(f) => f.flush(),
            Dest::Stdout(s) => s.flush(),
        }
    }
}

#[derive(Debug)]
enum Mode {
    /// A temporary file renamed over `target` on commit.
    Replace {
        target: PathBuf,
        dir: PathBuf,
        temp: PathBuf,
    },
    /// Standard output, a FIFO or a character device, written as it is.
    Through,
}

/// A file written as a stream and put in place atomically: writes go
/// (buffered) to a temporary file in the target's directory;
/// [`commit`](Self::commit) flushes it to disk and renames it over the
/// target (a symlink's target is replaced, not the link; the old file's
/// permissions are kept). Dropped without a commit, the temporary file is
/// removed and the target is left as it was.
///
/// What cannot be replaced is not: `-` writes to standard output, a FIFO
/// or character device (`/dev/null`, `/dev/stdout`, a terminal) is opened
/// and written through; a dangling symlink, a symlink loop, a block device
/// or a socket is refused with a message.
#[derive(Debug)]
pub struct AtomicFile {
    mode: Mode,
    file: Option<BufWriter<Dest>>,
}

/// The suffix of our temporary files: `.NAME.PID-N.tmp`.
const TEMP_SUFFIX: &str = ".tmp";

impl AtomicFile {
    /// Creates the temporary file for `path` (or opens what is written through).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let through = |dest: Dest| AtomicFile {
            mode: Mode::Through,
            file: Some(BufWriter::with_capacity(64 * 1024, dest)),
        };
        if path == Path::new("-") {
            return Ok(through(Dest::Stdout(io::stdout())));
        }
        let target = match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
            Err(e) => return Err(e),
            Ok(link) => {
                let meta = if link.file_type().is_symlink() {
                    fs::metadata(path).map_err(|e| {
                        // ELOOP is 40 on Linux, 62 on the BSDs and macOS.
                        let what = if matches!(e.raw_os_error(), Some(40 | 62)) {
                            "a symbolic link loop"
                        } else {
                            "a dangling symbolic link"
                        };
                        io::Error::new(
                            io::ErrorKind::InvalidInput,
                            format!("{what}; not replaced (it cannot be written atomically)"),
                        )
                    })?
                } else {
                    link
                };
                if meta.is_dir() {
                    return Err(not_regular(&meta));
                }
                if !meta.is_file() {
                    if writes_through(&meta) {
                        let file = OpenOptions::new().write(true).open(path)?;
                        return Ok(through(Dest::File(file)));
                    }
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("{}; not written", kind_of(&meta)),
                    ));
                }
                if is_stream_alias(path) {
                    // `> out.txt` with `-o /dev/stdout`: write to what the shell opened.
                    let file = OpenOptions::new().write(true).truncate(true).open(path)?;
                    return Ok(through(Dest::File(file)));
                }
                fs::canonicalize(path)?
            }
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_string());
        remove_stale_temps(&dir);
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}-{n}{TEMP_SUFFIX}", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        if let Ok(meta) = fs::metadata(&target)
            && let Err(e) = file.set_permissions(meta.permissions())
        {
            drop(file);
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        Ok(AtomicFile {
            mode: Mode::Replace { target, dir, temp },
            file: Some(BufWriter::with_capacity(64 * 1024, Dest::File(file))),
        })
    }

    /// Flushes everything to disk and renames the file over the target
    /// (or, written through, flushes it).
    pub fn commit(mut self) -> io::Result<()> {
        let Some(writer) = self.file.take() else {
            return Err(io::Error::other("already committed"));
        };
        let dest = writer.into_inner().map_err(io::IntoInnerError::into_error);
        let Mode::Replace { target, dir, temp } = &self.mode else {
            return dest.and_then(|mut d| d.flush());
        };
        let result = dest
            .and_then(|dest| match dest {
                Dest::File(file) => file.sync_all(),
                Dest::Stdout(_) => Ok(()),
            })
            .and_then(|()| fs::rename(temp, target));
        if result.is_err() {
            let _ = fs::remove_file(temp);
        }
        result?;
        // Make the rename itself durable; not every platform can open a directory.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<Dest>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("already committed"))
    }
}

/// FIFOs and character devices are written through; other special files are refused.
fn writes_through(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        t.is_fifo() || t.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: names of
/// an open file descriptor, which a rename would not reach.
fn is_stream_alias(path: &Path) -> bool {
    let s = path.to_string_lossy();
    matches!(&*s, "/dev/stdout" | "/dev/stderr")
        || s.starts_with("/dev/fd/")
        || s.starts_with("/proc/self/fd/")
}

/// How long a temporary file of ours must be left alone when there is no
/// way to tell whether its writer still runs.
const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The PID in one of our temporary files' names (`.NAME.PID-N.tmp`).
fn temp_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (_, tail) = inner.rsplit_once('.')?;
    let (pid, n) = tail.split_once('-')?;
    if pid.is_empty() || n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Removes the temporary files of ours in `dir` whose writer is gone (a
/// run killed mid-write): its PID no longer alive (Linux's /proc), or,
/// where that cannot be told, older than [`STALE_TEMP_AGE`].
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let proc = Path::new("/proc/self").exists();
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temp_pid(&name.to_string_lossy()) else {
            continue;
        };
        if pid == me {
            continue;
        }
        let stale = if proc {
            !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TEMP_AGE)
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(writer) = self.file.take()
            && let Mode::Replace { temp, .. } = &self.mode
        {
            // Nothing written survives: dropping the buffer unflushed.
            let (_, _) = writer.into_parts();
            let _ = fs::remove_file(temp);
        }
    }
}

/// An advisory lock held for a read-modify-write of `target`, on a lock
/// file beside it (`.NAME.lock`, left in place: removing it would let two
/// programs lock different files). Other programs that take it wait;
/// the lock goes when this is dropped (or the program ends).
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// The lock file for `target`.
    pub fn path_for(target: &Path) -> PathBuf {
        let target = fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_string());
        target.with_file_name(format!(".{name}.lock"))
    }

    /// Waits for and takes the exclusive lock on `target`.
    pub fn exclusive(target: &Path) -> io::Result<FileLock> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(Self::path_for(target))?;
        file.lock()?;
        Ok(FileLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "tarjuman-files-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn temp_names_parse() {
        assert_eq!(temp_pid(".out.xlf.1234-0.tmp"), Some(1234));
        assert_eq!(temp_pid(".a.b.c.77-12.tmp"), Some(77));
        assert_eq!(temp_pid("out.xlf.1234-0.tmp"), None);
        assert_eq!(temp_pid(".out.xlf.tmp"), None);
        assert_eq!(temp_pid(".out.x-1.tmp"), None);
    }

    #[test]
    fn inputs_over_the_limit_are_refused() {
        let limit = Limit {
            bytes: 10,
            name: "TEST_LIMIT",
            what: "a test",
        };
        let e = read_limited(&b"01234567890"[..], limit).unwrap_err();
        assert!(e.to_string().contains("TEST_LIMIT"), "{e}");
        assert_eq!(read_limited(&b"0123456789"[..], limit).unwrap().len(), 10);
        let e = read_input(Path::new("/dev/zero"), limit).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_to_nothing_are_refused_and_keep_their_link() {
        let dir = temp_dir("links");
        let dangling = dir.join("dangling");
        std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
        let e = write_atomic(&dangling, b"x").unwrap_err();
        assert!(e.to_string().contains("dangling"), "{e}");
        assert!(fs::symlink_metadata(&dangling).unwrap().is_symlink());
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let e = write_atomic(&a, b"x").unwrap_err();
        assert!(e.to_string().contains("loop"), "{e}");
        assert!(fs::symlink_metadata(&a).unwrap().is_symlink());
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            3,
            "no temporary file left"
        );
    }
}
