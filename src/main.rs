//! The `shingle` binary: parse the command line, run the command, print what happened and
//! choose the exit code (0 success, 1 the site has errors, 2 bad usage — clap's own).

use std::process::ExitCode;

use clap::Parser;
use shingle::Error;
use shingle::cli::{Cli, Command};
use shingle::commands::build;
use shingle::load::theme;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if matches!(&err, Error::Site(d) if d.is_empty()) {
                // `check` has printed its report already
                return ExitCode::from(1);
            }
            eprintln!("{err}");
            if let Error::Site(diagnostics) = &err {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let noun = if errors == 1 { "error" } else { "errors" };
                eprintln!("\nThe site was not built: {errors} {noun}. Nothing in the output folder was changed.");
            }
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Build { root, output, base_url, drafts } => {
            let report = build::build(&build::BuildOptions { root, output, base_url, drafts })?;
            eprint!("{}", shingle::error::warnings_text(&report.warnings, report.warning_count));
            println!("{}", report.summary());
            Ok(())
        }
        Command::Serve { root, port, bind, open, poll, no_edit } => {
            shingle::serve::serve(&shingle::serve::ServeOptions { root, port, bind, open, poll, edit: !no_edit })
        }
        Command::Check { root, base_url, format } => {
            if shingle::commands::check::run(&root, base_url, format)? {
                Ok(())
            } else {
                Err(Error::Site(Vec::new()))
            }
        }
        Command::Publish { root, base_url, branch, remote, message, zip } => {
            use shingle::commands::publish::{self, PublishOptions, Target};
            let target = match zip {
                Some(path) => Target::Zip(path),
                None => Target::Branch { branch, remote, message },
            };
            println!("{}", publish::publish(&PublishOptions { root, base_url, target })?);
            Ok(())
        }
        Command::New { root, kind, title } => {
            let path = shingle::commands::new::create(&root, kind, &title)?;
            println!("Created {}", path.display());
            Ok(())
        }
        Command::Init { dir, theme } => {
            println!("{}", shingle::commands::init::init(&dir, &theme)?);
            Ok(())
        }
        Command::Themes { name: None } => {
            for (name, description) in theme::builtin_themes() {
                println!("{name:<10} {description}");
            }
            println!("\nSee the options of one, to set under [theme_options] in site.toml: shingle themes NAME");
            Ok(())
        }
        Command::Themes { name: Some(name) } => match theme::builtin_declarations(&name) {
            Some(declarations) => {
                print!("{}", declarations.options_text());
                Ok(())
            }
            None => {
                let names: Vec<String> = theme::builtin_themes().into_iter().map(|(name, _)| name).collect();
                let close = shingle::error::did_you_mean(&name, names.iter().map(String::as_str));
                let hint = close.map(|c| format!("did you mean '{c}'? ")).unwrap_or_default();
                Err(Error::Other(format!(
                    "there is no built-in theme called '{name}'\n  {hint}The built-in themes are: {}",
                    names.join(", ")
                )))
            }
        },
        Command::Schema { kind, format } => {
            print!("{}", shingle::content::schema::command(kind.as_deref(), format)?);
            Ok(())
        }
    }
}
