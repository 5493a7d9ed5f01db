//! Fuzzes the text of a whole small site: the input, split at each 0xFF byte, gives the titles,
//! descriptions, tags, an old address, names and bodies of a site with every kind of output
//! (pages, a service, a testimonial, tagged posts, an alias, feeds), built with the default
//! theme. Whatever the text, every XML file must parse and every page's JSON-LD must parse as
//! JSON (`tests/common/any_text.rs` says what is checked); errors about the text are answers.

#![no_main]

#[path = "../../tests/common/any_text.rs"]
mod any_text;

use libfuzzer_sys::fuzz_target;
use shingle::commands::build::render;
use shingle::load::{LoaderOptions, load};
use shingle::render::Mode;

fuzz_target!(|data: &[u8]| {
    let pieces: Vec<String> =
        data.split(|&b| b == 0xff).take(any_text::PIECES).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    any_text::write_site(dir.path(), &pieces);
    let Ok(loaded) = load(dir.path(), LoaderOptions::default()) else { return };
    let Ok(files) = render(&loaded, Mode::Build) else { return };
    for file in &files {
        if let Some(problem) = any_text::problems(&file.path, &file.bytes) {
            panic!("{}: {problem}", file.path);
        }
    }
});
