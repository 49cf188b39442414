//! Files written whole or not at all (`--output`, `demo --out`): the content goes to a
//! temporary file in the same directory, flushed to disk, then renamed over the target — a
//! rename within one directory replaces the file in one step. On any failure (a full disk, a
//! writer's error) the temporary file is removed and an existing target is kept as it was.

use super::Fatal;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `path` through `write` (buffered), atomically.
pub(crate) fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), Fatal>,
) -> Result<(), Fatal> {
    let cannot = |e: &std::io::Error| {
        Fatal(format!(
            "无法写入 cannot write {}: {}",
            path.display(),
            huanjie::error::io_reason(e)
        ))
    };
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        // A device or a pipe (`--output /dev/stdout`): written in place, as there is no file
        // to replace.
        let file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| cannot(&e))?;
        let mut w = std::io::BufWriter::new(file);
        write(&mut w)?;
        return w.flush().map_err(|e| cannot(&e));
    }
    let (tmp, file) = temporary_beside(path).map_err(|e| cannot(&e))?;
    let result = (|| {
        let mut w = std::io::BufWriter::new(file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| cannot(e.error()))?;
        file.sync_all().map_err(|e| cannot(&e))?;
        std::fs::rename(&tmp, path).map_err(|e| cannot(&e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new file beside `path` (same directory, so that a rename replaces `path` in one step),
/// named after it: `.name.huanjie-<pid>-<n>.tmp`.
fn temporary_beside(path: &Path) -> std::io::Result<(PathBuf, File)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.huanjie-{pid}-{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary name left")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("huanjie-atomic-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&d);
        d
    }

    fn leftovers(d: &Path) -> Vec<String> {
        std::fs::read_dir(d)
            .map(|r| {
                r.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".tmp"))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_nothing() {
        let d = dir().join("fail");
        let _ = std::fs::create_dir_all(&d);
        let p = d.join("out.json");
        std::fs::write(&p, "old").unwrap_or_else(|e| panic!("{e}"));
        let r = write_file(&p, |w| {
            w.write_all(b"half")?;
            Err(Fatal("the disk is full".into()))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).ok().as_deref(), Some("old"));
        assert!(leftovers(&d).is_empty(), "{:?}", leftovers(&d));
    }

    #[test]
    fn a_whole_write_replaces_the_file() {
        let d = dir().join("ok");
        let _ = std::fs::create_dir_all(&d);
        let p = d.join("out.csv");
        std::fs::write(&p, "old").unwrap_or_else(|e| panic!("{e}"));
        let r = write_file(&p, |w| Ok(w.write_all(b"new")?));
        assert!(r.is_ok());
        assert_eq!(std::fs::read_to_string(&p).ok().as_deref(), Some("new"));
        assert!(leftovers(&d).is_empty());
    }
}
