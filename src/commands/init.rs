//! `shingle init DIR`: writes the starter site compiled into the binary from `starter/` (settings,
//! an example of every kind of content with notes saying what to write, a placeholder portrait,
//! publishing settings for GitHub Pages and Netlify that install this very version of Shingle)
//! into an empty or new folder. Works offline.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, did_you_mean};

/// The theme line of the starter's site.toml, replaced by the chosen theme.
const THEME_LINE: &str = "theme = \"harbor\"";

/// Markers in the starter's publishing files and what `init` writes in their place, so that the
/// workflows install the very version of Shingle that started the site. Spelled so that neither
/// GitHub Actions (`${{ }}`), a shell (`$NAME`) nor Tera (`{{ }}`) reads them as their own.
const FILLED_IN: &[(&str, &str)] =
    &[("@SHINGLE_VERSION@", env!("CARGO_PKG_VERSION")), ("@SHINGLE_REPOSITORY@", env!("CARGO_PKG_REPOSITORY"))];

/// Writes a starter site into `dir` with `theme`; returns the message to print.
pub fn init(dir: &Path, theme: &str) -> Result<String, Error> {
    check_theme(theme)?;
    check_folder(dir)?;
    for (rel, bytes) in crate::examples::files() {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create the folder", &e))?;
        }
        let mut bytes = fill_in(&bytes);
        if rel == Path::new("site.toml") {
            bytes =
                String::from_utf8_lossy(&bytes).replacen(THEME_LINE, &format!("theme = \"{theme}\""), 1).into_bytes();
        }
        // create_new: never overwrite, even a file that appeared since the folder was checked
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&path, "create", &e))?;
        file.write_all(&bytes).map_err(|e| Error::io(&path, "write", &e))?;
    }
    Ok(message(dir, theme))
}

/// The file with each marker of `FILLED_IN` replaced; a file without markers is left as it is.
fn fill_in(bytes: &[u8]) -> Vec<u8> {
    let Ok(mut text) = std::str::from_utf8(bytes).map(str::to_owned) else {
        return bytes.to_vec();
    };
    for (marker, value) in FILLED_IN {
        text = text.replace(marker, value);
    }
    text.into_bytes()
}

fn check_theme(theme: &str) -> Result<(), Error> {
    let names: Vec<String> = crate::load::theme::builtin_themes().into_iter().map(|(name, _)| name).collect();
    if names.iter().any(|name| name == theme) {
        return Ok(());
    }
    let help = match did_you_mean(theme, names.iter().map(String::as_str)) {
        Some(close) => format!("did you mean '{close}'? The built-in themes are: {}", names.join(", ")),
        None => format!("the built-in themes are: {}", names.join(", ")),
    };
    Err(Error::Other(format!("there is no built-in theme called '{theme}'\n  {help}")))
}

fn check_folder(dir: &Path) -> Result<(), Error> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "{} is a file, not a folder\n  choose a new folder name, for example: shingle init my-site",
            dir.display()
        )));
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "read the folder", &e))?;
    if entries.next().is_some() {
        return Err(Error::Other(format!(
            "{} is not empty; Shingle only starts a site in an empty or new folder\n  choose a new folder name, for example: shingle init my-site",
            dir.display()
        )));
    }
    Ok(())
}

fn message(dir: &Path, theme: &str) -> String {
    let shown = dir.display().to_string();
    let cd = if shown.contains(char::is_whitespace) { format!("\"{shown}\"") } else { shown.clone() };
    format!(
        "Started a new site in {shown} with the {theme} theme: your settings in site.toml, an example of\n\
         every kind of page in content/, and settings to publish it on GitHub Pages or Netlify.\n\
         Each file says what to write in it. Next:\n\
         \n  cd {cd}\n  shingle serve\n\n\
         then open http://127.0.0.1:1111 to see your site change as you edit and save."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_names_the_default_theme() {
        let site = crate::examples::marked_text("site.toml").unwrap_or("");
        assert!(site.lines().any(|line| line == THEME_LINE), "starter/site.toml must have the line {THEME_LINE}");
    }

    #[test]
    fn every_marker_in_the_starter_is_filled_in() {
        let mut marked = Vec::new();
        for (path, bytes) in crate::examples::files() {
            let before = String::from_utf8_lossy(&bytes);
            if FILLED_IN.iter().any(|(marker, _)| before.contains(marker)) {
                marked.push(path.to_string_lossy().replace('\\', "/"));
            }
            let after = String::from_utf8_lossy(&fill_in(&bytes)).into_owned();
            assert!(!after.contains("@SHINGLE_"), "{} keeps a marker init does not know", path.display());
        }
        marked.sort();
        assert_eq!(marked, [".github/workflows/deploy.yml", "netlify.toml"]);
    }

    #[test]
    fn the_starter_has_its_hidden_files() {
        let files = crate::examples::files();
        let names: Vec<String> = files.iter().map(|(p, _)| p.to_string_lossy().replace('\\', "/")).collect();
        for wanted in [".gitignore", ".github/workflows/deploy.yml", "netlify.toml", "content/_index.md"] {
            assert!(names.iter().any(|n| n == wanted), "{wanted} missing from {names:?}");
        }
    }
}
