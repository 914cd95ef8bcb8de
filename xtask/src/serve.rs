//! `cargo xtask run` and `cargo xtask openapi`: the commands that run the
//! `atende` binary itself.

use std::path::Path;

use crate::{
    frontend,
    util::{self, cargo},
};

/// Options of `run`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RunOptions {
    /// Build the server with the release profile (slower to build, faster
    /// to run).
    #[arg(long)]
    pub release: bool,
    /// Arguments passed to `atende` (default: `serve`).
    #[arg(last = true)]
    pub args: Vec<String>,
}

/// Builds the SPA, then builds and runs the server with it.
pub fn run(root: &Path, opts: &RunOptions) -> anyhow::Result<()> {
    let dist = frontend::build(root, &frontend::BuildOptions::default())?;
    let mut command = cargo();
    command.args(["run", "-p", "atende-api", "--bin", "atende"]);
    if opts.release {
        command.arg("--release");
    }
    command.arg("--");
    if opts.args.is_empty() {
        command.arg("serve");
    } else {
        command.args(&opts.args);
    }
    command.env("ATENDE_SPA_DIR", dist).current_dir(root);
    util::run(&mut command)
}

/// Regenerates `openapi/openapi.json` from the code.
pub fn write_openapi(root: &Path) -> anyhow::Result<()> {
    let json = util::output(
        cargo()
            .args([
                "run",
                "--quiet",
                "-p",
                "atende-api",
                "--bin",
                "atende",
                "--",
                "openapi",
            ])
            .current_dir(root),
    )?;
    let path = root.join("openapi").join("openapi.json");
    util::write(&path, json)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
