//! The command line: commands, their options and their help text (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Shingle builds a fast, accessible website for a virtual assistant's business from Markdown.
#[derive(Debug, Parser)]
#[command(name = "shingle", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output)
    Build {
        /// The site's folder, the one holding site.toml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public)
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Build for another address than base_url in site.toml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked draft = true
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site at http://127.0.0.1:1111, rebuilding and reloading as you edit
    Serve {
        /// The site's folder, the one holding site.toml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 or ::1 lets other machines see your preview
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: String,
        /// Open the preview in your web browser
        #[arg(long)]
        open: bool,
        /// Look for changes a few times a second instead of waiting for the system to report them (for network drives)
        #[arg(long)]
        poll: bool,
        /// Turn off the editor: no Edit button, nothing written from the browser
        #[arg(long)]
        no_edit: bool,
    },
    /// Check the site for broken links, missing images and other problems, without writing anything
    Check {
        /// The site's folder, the one holding site.toml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Check the site as built for another address than base_url in site.toml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// How to print the problems found
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check the site, build it and publish it: to the gh-pages branch for GitHub Pages (with your own git), or into a zip to upload
    Publish {
        /// The site's folder, the one holding site.toml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Build for another address than base_url in site.toml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The branch your host serves (default: gh-pages; pages on Codeberg)
        #[arg(long, value_name = "NAME", conflicts_with = "zip")]
        branch: Option<String>,
        /// The git remote to push to
        #[arg(long, default_value = "origin", value_name = "NAME", conflicts_with = "zip")]
        remote: String,
        /// The message of the commit on the branch
        #[arg(long, value_name = "TEXT", conflicts_with = "zip")]
        message: Option<String>,
        /// Write the site into a zip file to upload (Netlify Drop, Cloudflare Pages, a file manager) instead of pushing it
        #[arg(long, value_name = "FILE")]
        zip: Option<PathBuf>,
    },
    /// Create a new content file with every field of its kind, ready to fill in
    New {
        /// The site's folder, the one holding site.toml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// What to create
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title, in quotes: "Inbox management"
        title: String,
    },
    /// Start a new site in DIR, with example content for every kind of page
    Init {
        /// The folder to create (it must be empty or not exist yet)
        dir: PathBuf,
        /// The theme to start with (see: shingle themes)
        #[arg(long, default_value = "harbor")]
        theme: String,
    },
    /// List the built-in themes, or the options of one (its colours, logo and layout choices)
    Themes {
        /// A theme whose options to show
        #[arg(value_name = "NAME")]
        name: Option<String>,
    },
    /// Show the fields of each kind of content (JSON Schema with --format json)
    Schema {
        /// One kind: home, page, service, testimonial, case-study, post, section, skills or faq
        #[arg(value_name = "KIND")]
        kind: Option<String>,
        /// How to print them
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// `--format` of `shingle check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per problem, for people.
    Text,
    /// A JSON document, for programs.
    Json,
}

/// What `shingle new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// content/services/SLUG.md
    Service,
    /// content/testimonials/SLUG.md
    Testimonial,
    /// content/work/SLUG.md
    CaseStudy,
    /// content/blog/SLUG.md
    Post,
    /// content/SLUG.md
    Page,
}
