//! Where a Delta table lives: a local path (relative or absolute), a `file://` URL, or an object
//! store URL such as `s3://bucket/prefix`, turned into the table's root URL.

use std::path::Path;

use datafusion::common::{Result, plan_err};
use url::Url;

/// A table location as the user wrote it and as a root URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltaLocation {
    /// The root URL of the table (no trailing `/`).
    pub url: Url,
    /// The location as written, for messages.
    pub shown: String,
}

/// The root URL of the table at `location`. Local paths are made absolute (they need not
/// exist yet); URLs keep their scheme. Errors name the location.
pub fn table_url(location: &str) -> Result<DeltaLocation> {
    let trimmed = location.trim();
    if trimmed.is_empty() {
        return plan_err!(
            "Delta: invalid LOCATION '{location}'; allowed: a directory such as '/data/t' or 'file:///data/t', or 's3://bucket/prefix/t'"
        );
    }
    let mut url = if trimmed.contains("://") {
        match Url::parse(trimmed) {
            Ok(u) => u,
            Err(e) => return plan_err!("Delta: invalid LOCATION '{location}': {e}"),
        }
    } else {
        let path = match std::path::absolute(Path::new(trimmed)) {
            Ok(p) => p,
            Err(e) => return plan_err!("Delta: invalid LOCATION '{location}': {e}"),
        };
        match Url::from_directory_path(&path) {
            Ok(u) => u,
            Err(()) => return plan_err!("Delta: invalid LOCATION '{location}'"),
        }
    };
    let path = url.path().trim_end_matches('/').to_string();
    url.set_path(&path);
    Ok(DeltaLocation {
        url,
        shown: trimmed.to_string(),
    })
}

/// The local directory of a `file://` URL, if it is one.
pub(crate) fn local_dir(url: &Url) -> Option<std::path::PathBuf> {
    (url.scheme() == "file")
        .then(|| url.to_file_path().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls() {
        let l = table_url("s3://bucket/a/t/").unwrap();
        assert_eq!(l.url.as_str(), "s3://bucket/a/t");
        let l = table_url("/tmp/x/t").unwrap();
        assert_eq!(l.url.as_str(), "file:///tmp/x/t");
        assert!(table_url(" ").is_err());
    }
}
