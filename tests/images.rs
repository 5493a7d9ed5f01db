//! Pictures as a VA adds them: phone photos turned by their EXIF tag and carrying her location,
//! files that are no pictures at all, and the copies and cache a build makes of them.

mod common;

use common::SiteTest;

/// A site whose owner photo, testimonial face, post cover and a picture in a post are `photo`.
fn site_with_pictures(photo: &[u8]) -> SiteTest {
    SiteTest::minimal()
        .file(
            "site.toml",
            "title = \"Test Desk\"\nbase_url = \"https://test.example\"\n\n[owner]\nname = \"Maria\"\nphoto = \"images/maria.jpg\"\nphoto_alt = \"Maria at her desk\"\n",
        )
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nHello.\n")
        .file(
            "content/blog/first.md",
            "+++\ntitle = \"First\"\ndate = 2026-01-05\ncover = \"images/desk.jpg\"\ncover_alt = \"A tidy desk\"\n+++\nText.\n\n![The inbox, sorted](/images/desk.jpg)\n",
        )
        .file(
            "content/testimonials/ann.md",
            "+++\nauthor = \"Ann Lee\"\nrole = \"Owner\"\navatar = \"images/ann.jpg\"\navatar_alt = \"Ann smiling\"\nconsent = true\n+++\nGreat work.\n",
        )
        .bytes("static/images/maria.jpg", photo)
        .bytes("static/images/desk.jpg", &common::photo(1000, 600))
        .bytes("static/images/ann.jpg", &common::photo(150, 150))
}

/// `jpeg` with an EXIF block saying it is turned a quarter (orientation 6: shown rotated 90°
/// clockwise) and where it was taken.
fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    // TIFF, little-endian: IFD0 at 8 with Orientation and a pointer to the GPS IFD at 38
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]); // Orientation = 6
    tiff.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]); // GPS IFD at 38
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]); // GPSLatitudeRef = "N"
    tiff.extend(0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// A photo stored sideways: 80 × 40, its left half red and its right half blue.
fn sideways_photo() -> Vec<u8> {
    let pixels =
        image::RgbImage::from_fn(
            80,
            40,
            |x, _| if x < 40 { image::Rgb([220, 20, 20]) } else { image::Rgb([20, 20, 220]) },
        );
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .expect("encode");
    with_exif(&jpeg)
}

fn public(site: &SiteTest, path: &str) -> Vec<u8> {
    std::fs::read(site.root().join("public").join(path)).unwrap_or_else(|e| panic!("public/{path}: {e}"))
}

/// Every `url Nw` of every `srcset`, and every `<img>`'s src, width and height, in the site's pages.
struct Referenced {
    srcset: Vec<(String, u32)>,
    imgs: Vec<(String, u32, u32)>,
    previews: Vec<String>,
}

fn referenced(site: &SiteTest) -> Referenced {
    let mut found = Referenced { srcset: Vec::new(), imgs: Vec::new(), previews: Vec::new() };
    for (path, bytes) in common::tree(&site.root().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        for set in html.split("srcset=\"").skip(1) {
            for candidate in set[..set.find('"').expect("quote")].split(", ") {
                let (url, width) = candidate.rsplit_once(' ').expect("url and width");
                found.srcset.push((url.to_string(), width.trim_end_matches('w').parse().expect("width")));
            }
        }
        for meta in html.split("<meta property=\"og:image\" content=\"").skip(1) {
            found.previews.push(meta[..meta.find('"').expect("quote")].to_string());
        }
        for img in html.split("<img ").skip(1) {
            let tag = &img[..img.find('>').expect("end of tag")];
            let attribute = |name: &str| -> String {
                let start =
                    tag.find(&format!(" {name}=\"")).or_else(|| tag.starts_with(&format!("{name}=\"")).then_some(0));
                let rest = &tag[start.unwrap_or_else(|| panic!("{name} in <img {tag}>"))..];
                let rest = &rest[rest.find('"').expect("quote") + 1..];
                rest[..rest.find('"').expect("quote")].to_string()
            };
            let (width, height) = (attribute("width"), attribute("height"));
            found.imgs.push((attribute("src"), width.parse().expect("width"), height.parse().expect("height")));
        }
    }
    found
}

#[test]
fn a_turned_phone_photo_comes_out_upright_without_its_exif() {
    let site = site_with_pictures(&sideways_photo());
    site.build().success();
    let copies = common::tree(&site.root().join("public/images"))
        .into_iter()
        .map(|(path, _)| format!("images/{path}"))
        .filter(|path| path.starts_with("images/maria"));
    let copies: Vec<String> = copies.collect();
    assert!(copies.len() >= 2, "the photo and its WebP copy: {copies:?}");
    for path in &copies {
        let bytes = public(&site, path);
        let picture = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!((picture.width(), picture.height()), (40, 80), "{path} is upright");
        let rgb = picture.to_rgb8();
        // turned clockwise, the left (red) half is now on top
        assert!(rgb.get_pixel(20, 10)[0] > 150 && rgb.get_pixel(20, 10)[2] < 100, "{path}: red on top");
        assert!(rgb.get_pixel(20, 70)[2] > 150 && rgb.get_pixel(20, 70)[0] < 100, "{path}: blue below");
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{path} keeps no EXIF");
        assert!(!bytes.windows(4).any(|w| w == b"II*\0" || w == b"MM\0*"), "{path} keeps no TIFF block");
    }
}

#[test]
fn every_copy_is_as_wide_as_its_srcset_says_and_every_copy_is_used() {
    let site = site_with_pictures(&common::photo(700, 875));
    site.build().success();
    let found = referenced(&site);
    assert!(!found.srcset.is_empty() && !found.imgs.is_empty(), "the pages show pictures");
    let base = "/";
    for (url, width) in &found.srcset {
        let path = url.strip_prefix(base).expect("a path of the site");
        let picture = image::load_from_memory(&public(&site, path)).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(picture.width(), *width, "{url} is {width}w");
    }
    for (src, width, height) in &found.imgs {
        let path = src.strip_prefix(base).expect("a path of the site");
        let picture = image::load_from_memory(&public(&site, path)).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!((picture.width(), picture.height()), (*width, *height), "<img src={src}> has its own size");
    }
    // every picture file written is named by a page, as a picture or as its link preview (the
    // pictures here are all shown)
    let named: std::collections::BTreeSet<String> = found
        .srcset
        .iter()
        .map(|(url, _)| url.clone())
        .chain(found.imgs.iter().map(|(src, _, _)| src.clone()))
        .chain(found.previews.iter().cloned())
        .map(|url| url.trim_start_matches("https://test.example").trim_start_matches('/').to_string())
        .collect();
    for preview in &found.previews {
        let path = preview.strip_prefix("https://test.example/").expect("an address of the site");
        let picture = image::load_from_memory(&public(&site, path)).unwrap_or_else(|e| panic!("{preview}: {e}"));
        // a link preview's shape; never made larger than the picture it is cut from
        let (width, height) = (picture.width(), picture.height());
        assert!(width <= 1200 && (width * 630).abs_diff(height * 1200) <= 1200, "{preview} is {width}×{height}");
    }
    for (path, _) in common::tree(&site.root().join("public/images")) {
        assert!(named.contains(&format!("images/{path}")), "images/{path} is written but no page names it");
    }
    // the hero portrait loads first; the picture in the text waits until it is near
    let home = site.read("index.html");
    let about = site.read("about/index.html");
    let post = site.read("blog/first/index.html");
    assert!(home.contains("fetchpriority=\"high\"") || about.contains("fetchpriority=\"high\""));
    assert!(post.contains("loading=\"lazy\""), "{post}");
    assert!(post.contains("alt=\"The inbox, sorted\""));
}

#[test]
fn a_second_build_takes_every_picture_from_the_cache() {
    let site = site_with_pictures(&common::photo(700, 875));
    let first = site.build().success().stdout();
    // three pictures, and her photo once more for the circle on the link previews
    assert!(first.contains(" made from 4 pictures, 2 link previews drawn)"), "{first}");
    assert!(!first.contains("from the cache"), "{first}");
    let written = common::tree(&site.root().join("public"));
    let second = site.build().success().stdout();
    assert!(!second.contains("made from"), "no picture decoded or made again: {second}");
    assert!(second.contains("from the cache)"), "{second}");
    assert_eq!(common::tree(&site.root().join("public")), written, "the same bytes");
    // a cleared output folder is filled from the cache too
    std::fs::remove_dir_all(site.root().join("public")).expect("remove");
    let third = site.build().stdout();
    assert!(!third.contains("made from"), "{third}");
    assert_eq!(common::tree(&site.root().join("public")), written);
    // a changed picture is made again; the copies of the old one leave the cache
    let site = site.bytes("static/images/ann.jpg", &common::photo(160, 150));
    let fourth = site.build().stdout();
    assert!(fourth.contains(" made from 1 picture,"), "{fourth}");
    let cached = common::tree(&site.root().join(".shingle/cache/images")).len();
    let fifth = site.build().stdout();
    assert!(!fifth.contains("made from"), "{fifth}");
    assert_eq!(common::tree(&site.root().join(".shingle/cache/images")).len(), cached, "nothing left over");
}

#[test]
fn a_rebuild_reads_no_picture_the_output_folder_still_holds() {
    let site = site_with_pictures(&common::photo(700, 875));
    site.build().success();
    let written = common::tree(&site.root().join("public"));
    // every copy in the cache spoiled: a rebuild that read one would publish it
    let cache = site.root().join(".shingle/cache/images");
    for (name, _) in common::tree(&cache).iter().filter(|(name, _)| !name.ends_with(".tsv")) {
        std::fs::write(cache.join(name), b"spoiled").expect("spoil");
    }
    let second = site.build().success().stdout();
    assert!(!second.contains("made from"), "{second}");
    assert_eq!(common::tree(&site.root().join("public")), written, "nothing read, nothing written");
    // a picture changed by hand in the output folder is made again, with the cache gone
    std::fs::remove_dir_all(&cache).expect("clear the cache");
    let (path, _) = written.iter().find(|(path, _)| path.ends_with("-96.webp")).expect("an avatar copy");
    std::fs::write(site.root().join("public").join(path), b"edited by hand").expect("edit");
    let third = site.build().success().stdout();
    assert!(third.contains(" made from 1 picture"), "{third}");
    assert_eq!(common::tree(&site.root().join("public")), written, "restored byte for byte");
}

/// `shingle check` on a site whose testimonial face is `bytes`: what it says.
fn avatar_answer(bytes: &[u8]) -> String {
    let site = site_with_pictures(&common::photo(70, 80)).bytes("static/images/ann.jpg", bytes);
    let run = site.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    run.stdout()
}

#[test]
fn each_bad_picture_is_answered_where_it_is_named() {
    let at = "content/testimonials/ann.md:4:1: error: static/images/ann.jpg: ";
    let end = "\n\n1 error; links were not checked, because the site could not be built\n";
    assert_eq!(
        avatar_answer(b"Ann's photo, to follow"),
        format!(
            "{at}this file is named like a picture, but it is text\n  save the picture itself again as JPEG or PNG, or give the file the right name{end}"
        )
    );
    let heic = [&[0, 0, 0, 24][..], b"ftypheic", &[0; 12]].concat();
    assert_eq!(
        avatar_answer(&heic),
        format!(
            "{at}this is a HEIC photo (the iPhone's own format), which web browsers cannot show\n  save it as JPEG: on a Mac, open it in Preview and choose File > Export, Format: JPEG; on an iPhone, Settings > Camera > Formats > Most Compatible makes new photos JPEG{end}"
        )
    );
    assert_eq!(
        avatar_answer(b"II*\0\x08\0\0\0"),
        format!(
            "{at}this is a TIFF picture, which web browsers cannot show\n  save it as JPEG (photos) or PNG (logos and screenshots){end}"
        )
    );
    // a PNG whose header claims 20,000 × 20,000 pixels: refused from the header, never decoded
    let mut bomb = Vec::new();
    image::RgbImage::new(1, 1).write_to(&mut std::io::Cursor::new(&mut bomb), image::ImageFormat::Png).expect("encode");
    bomb[16..24].copy_from_slice(&[&20_000u32.to_be_bytes()[..], &20_000u32.to_be_bytes()[..]].concat());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    assert_eq!(
        avatar_answer(&bomb),
        format!(
            "{at}this picture is 20000×20000 pixels (400 megapixels); Shingle reads pictures of up to 64 megapixels\n  make it smaller before adding it: 2,500 pixels across is plenty for any web page{end}"
        )
    );
}

#[test]
fn a_picture_cut_short_stops_the_build_and_leaves_the_output_alone() {
    let site = site_with_pictures(&common::photo(70, 80));
    site.build().success();
    let before = common::tree(&site.root().join("public"));
    let photo = common::photo(300, 200);
    let site = site.bytes("static/images/ann.jpg", &photo[..photo.len() / 3]);
    let run = site.build();
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(
        run.stderr(),
        "content/testimonials/ann.md:4:1: error: static/images/ann.jpg: this picture is damaged or was only partly saved
  save or export it again, and check that it opens on your computer

The site was not built: 1 error. Nothing in the output folder was changed.
"
    );
    assert_eq!(common::tree(&site.root().join("public")), before);
}

#[test]
fn an_svg_with_a_script_is_published_as_a_file_and_warned_about() {
    let site = SiteTest::minimal()
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\n![Our logo](/images/logo.svg)\n")
        .file(
            "static/images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script><rect width=\"4\" height=\"3\"/></svg>",
        );
    let run = site.run(&["check"]);
    assert!(
        run.stdout().contains("static/images/logo.svg: warning: this SVG holds a script\n  pages show it as a picture, where scripts never run, but a visitor opening the file itself would run it: save the SVG again without scripts\n"),
        "{}",
        run.stdout()
    );
    site.build().success();
    let about = site.read("about/index.html");
    assert!(about.contains("<img src=\"/images/logo.svg\""), "{about}");
    assert!(!about.contains("<script>alert"), "never inlined");
}

#[test]
fn the_home_page_link_preview_says_her_headline() {
    let site = site_with_pictures(&common::photo(700, 875))
        .file("content/_index.md", "+++\ntitle = \"Home\"\nheadline = \"Calm admin for busy founders\"\n+++\nHello.\n");
    site.build().success();
    let home = String::from_utf8(public(&site, "index.html")).expect("utf-8");
    assert!(
        home.contains("<meta property=\"og:image:alt\" content=\"Test Desk: Calm admin for busy founders\">"),
        "{home}"
    );
}
