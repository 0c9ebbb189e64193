//! The `whiteboard` command line: thin wrappers around a [`Site`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use whiteboard::check::{CheckOptions, Format, report};
use whiteboard::content::front_matter::{Difficulty, Level};
use whiteboard::content::scaffold::{self, NewProblem};
use whiteboard::diagnostics::Diagnostic;
use whiteboard::site::{BuildFailure, BuildOptions, Site, Timings};

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
    /// Check the bank for every problem a build or a reviewer would find; writes nothing.
    Check(CheckArgs),
    /// Start a new problem from a template holding every section it needs.
    New(NewArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The bank's folder: where site.yaml and content/ are.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// How to print what was found: human, json, or github (workflow commands that show
    /// on a pull request's lines).
    #[arg(long, default_value = "human", value_name = "FORMAT")]
    format: Format,
    /// Fetch external links too (slow; needs the network).
    #[arg(long)]
    external: bool,
    /// Fail on warnings as well as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Args)]
struct NewArgs {
    /// The problem's title, e.g. "Design a Rate Limiter".
    title: String,
    /// L6 (senior) or L7 (staff / platform).
    #[arg(long, value_enum, ignore_case = true)]
    level: Level,
    /// beginner, intermediate or advanced.
    #[arg(long, value_enum, ignore_case = true)]
    difficulty: Difficulty,
    /// Minutes to solve it in (default: 45 for L6, 90 for L7).
    #[arg(long, value_name = "MINUTES")]
    time: Option<u32>,
    /// Comma-separated tags, e.g. caching,databases.
    #[arg(long, value_delimiter = ',', value_name = "TAGS")]
    tags: Vec<String>,
    /// The bank's folder: where site.yaml and content/ are.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
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
    /// Print how long each stage of the build took.
    #[arg(long)]
    timings: bool,
    /// Keep highlighted code and drawn diagrams in DIR, so the next build reuses them
    /// (e.g. .whiteboard/cache); relative paths are taken from --root.
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
}

fn main() -> ExitCode {
    quit_quietly_when_the_reader_goes();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(&args),
        Command::New(args) => new(&args),
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let options = CheckOptions {
        drafts: args.drafts,
        external: args.external,
    };
    let report = whiteboard::check::check(&args.root, &options);
    print!("{}", report::formatted(&report, args.format));
    let failed = report.errors() > 0 || (args.deny_warnings && report.warnings() > 0);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn new(args: &NewArgs) -> ExitCode {
    let problem = NewProblem {
        title: args.title.clone(),
        level: args.level,
        difficulty: args.difficulty,
        time_limit: args.time,
        tags: args.tags.clone(),
    };
    match scaffold::write(&args.root, &problem) {
        Ok(path) => {
            let shown = display(path.strip_prefix(&args.root).unwrap_or(&path));
            println!("Created {shown}.");
            println!();
            println!("Next:");
            println!("  1. Write the problem: replace every TODO in {shown}.");
            println!("  2. See it as readers will:  whiteboard serve   (http://127.0.0.1:1111/)");
            println!("  3. Check it before the pull request:  whiteboard check");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.relative_to(&args.root));
            ExitCode::FAILURE
        }
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
        live_reload: None,
        cache: args.cache.as_ref().map(|c| args.root.join(c)),
    };
    let out_dir = args.root.join(&args.output);
    let loaded = Instant::now();
    let timings = Timings::default();
    let result = Site::load(&args.root, options).and_then(|site| {
        let load = loaded.elapsed();
        let at_root = site.config.base_url == "/";
        site.write(&out_dir, args.timings.then_some(&timings))
            .map(|output| (load, output, at_root))
    });
    match result {
        Ok((load, output, at_root)) => {
            print_diagnostics(&output.warnings);
            if args.timings {
                let t = timings.stages();
                let ms = |d: std::time::Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
                let rest = started.elapsed().saturating_sub(load + t.copy + t.render);
                println!(
                    "Timings: load {}, static files {}, render {} (CPU over the rendering threads: \
                     markdown {}, of which highlighting {} over {} code blocks and diagrams {} over {}, \
                     templates and minify {}), \
                     writing {}; the search index worked {} on {} pages on its own thread, alongside \
                     rendering and writing, and the build waited {} for it at the end.",
                    ms(load),
                    ms(t.copy),
                    ms(t.render),
                    ms(t.markdown_cpu),
                    ms(t.highlight_cpu),
                    t.code_blocks,
                    ms(t.diagrams_cpu),
                    t.diagrams,
                    ms(t.templates_cpu),
                    ms(rest.saturating_sub(t.search_wait)),
                    ms(t.search_work),
                    t.search_pages,
                    ms(t.search_wait),
                );
            }
            println!(
                "Built {} pages into {} in {:.2} s, {} warning{}.",
                output.pages,
                display(&args.output),
                started.elapsed().as_secs_f64(),
                output.warnings.len(),
                if output.warnings.len() == 1 { "" } else { "s" }
            );
            if at_root {
                println!(
                    "Note: base_url is `/`, so 404.html works only at a domain's root; published \
                     under a path (a GitHub Pages project site), build with --base-url or set base_url."
                );
            }
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

/// `whiteboard build | head -1`: when whoever reads the output stops, the process ends
/// quietly, as other command-line tools do, instead of panicking on its next message. Rust
/// ignores SIGPIPE by default; this restores the default action. Ended that way, like
/// Ctrl-C, a build leaves either the new site or the previous one whole: the staging
/// folder is swapped in at once.
fn quit_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
