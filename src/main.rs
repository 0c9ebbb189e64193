//! The `whiteboard` command line: thin wrappers around a [`Site`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use whiteboard::diagnostics::Diagnostic;
use whiteboard::site::{BuildFailure, BuildOptions, Site};

/// Build and serve a system design interview practice bank.
#[derive(Debug, Parser)]
#[command(name = "whiteboard", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder, ready to publish as it is.
    Build(BuildArgs),
    /// Serve the site from memory, rebuild on every change and reload the browser.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The bank's folder: where site.yaml and content/ are.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; 127.0.0.1 keeps the server private to this machine.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The bank's folder: where site.yaml and content/ are.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where to write the site; relative paths are taken from --root.
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    output: PathBuf,
    /// Where the site will be published (overrides base_url in site.yaml), e.g.
    /// https://user.github.io/bank/.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Write HTML as rendered, without minifying it.
    #[arg(long)]
    no_minify: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Serve(args) => serve(args),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options = whiteboard::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
    };
    match whiteboard::serve::run(options, args.open) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            eprintln!("{d}");
            ExitCode::FAILURE
        }
    }
}

fn build(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions {
        drafts: args.drafts,
        minify: !args.no_minify,
        base_url: args.base_url.clone(),
        index_inline: true,
    };
    let out_dir = if args.output.is_absolute() {
        args.output.clone()
    } else {
        args.root.join(&args.output)
    };
    let result = Site::load(&args.root, options).and_then(|site| site.write(&out_dir));
    match result {
        Ok(output) => {
            print_diagnostics(&output.warnings);
            println!(
                "Built {} pages into {} in {:.2} s, {} warning{}.",
                output.pages,
                display(&args.output),
                started.elapsed().as_secs_f64(),
                output.warnings.len(),
                if output.warnings.len() == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Err(BuildFailure { diagnostics }) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed with {errors} error{}; {} was left as it was.",
                if errors == 1 { "" } else { "s" },
                display(&args.output)
            );
            ExitCode::FAILURE
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}\n");
    }
}

fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}
