//! Installs what a fresh machine lacks beyond the Rust toolchain: the npm
//! packages of `e2e/` (Playwright, binaryen's `wasm-opt`), Debian's
//! Chromium for the browser tests and the Python environment of the
//! generated-client check (`clients/python`). Each step does nothing when its
//! tool is already there.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::bail;

use crate::util::{self, node_program};

/// Debian's Chromium, which the browser tests drive.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// `npm ci` in `e2e/` unless `node_modules` already matches the lock file.
pub fn npm_packages(root: &Path) -> anyhow::Result<()> {
    let e2e = root.join("e2e");
    let lock = e2e.join("package-lock.json");
    let installed = e2e.join("node_modules").join(".package-lock.json");
    let up_to_date = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if up_to_date {
        return Ok(());
    }
    util::run(
        Command::new(node_program("npm"))
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&e2e),
    )
}

/// An executable installed by npm in `e2e/node_modules/.bin`.
pub fn npm_bin(root: &Path, name: &str) -> PathBuf {
    node_program(
        root.join("e2e")
            .join("node_modules")
            .join(".bin")
            .join(name),
    )
}

/// Installs Debian's `chromium` package when `/usr/bin/chromium` is missing
/// (as root, or through sudo). Playwright never downloads a browser here.
pub fn chromium() -> anyhow::Result<()> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    if !Path::new("/usr/bin/apt-get").exists() {
        bail!(
            "the browser tests need Chromium at {CHROMIUM}; install it with your package manager"
        );
    }
    let as_root = util::output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if as_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    // A mirror read failed once on this kind of machine and passed on retry.
    let mut last = Ok(());
    for _ in 0..2 {
        last = util::run(&mut apt(&["update", "-qq"]))
            .and_then(|()| util::run(&mut apt(&["install", "-y", "-qq", "chromium"])));
        if last.is_ok() && Path::new(CHROMIUM).exists() {
            return Ok(());
        }
    }
    last?;
    bail!("`apt-get install chromium` finished but {CHROMIUM} is missing")
}

/// The Python environment of the generated-client check:
/// `clients/python/.venv`, made with the machine's `python3` and holding
/// `clients/python/requirements.txt` (openapi-python-client from PyPI).
/// Reinstalled when the requirements change. Returns its Python.
pub fn python_client_env(root: &Path) -> anyhow::Result<PathBuf> {
    let dir = root.join("clients").join("python");
    let venv = dir.join(".venv");
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    let requirements = util::read(&dir.join("requirements.txt"))?;
    // A copy of the requirements the environment was made from.
    let installed = venv.join("requirements.installed");
    if python.exists() && std::fs::read(&installed).is_ok_and(|done| done == requirements) {
        return Ok(python);
    }
    if !python.exists() {
        let system = if cfg!(windows) { "python" } else { "python3" };
        util::run(Command::new(system).args(["-m", "venv"]).arg(&venv))?;
    }
    util::run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(dir.join("requirements.txt")),
    )?;
    util::write(&installed, &requirements)?;
    Ok(python)
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
