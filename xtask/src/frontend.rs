//! `cargo xtask build-frontend`: compiles the Leptos SPA to WebAssembly and
//! writes `frontend/dist/`, ready for the server to host.
//!
//! 1. makes sure the `wasm32-unknown-unknown` target is installed;
//! 2. `cargo build -p atende-frontend` for that target (`wasm-release`
//!    profile, or `dev` with `--dev`);
//! 3. runs wasm-bindgen in-process (target `web`) into `target/wasm-bindgen/`;
//! 4. shrinks the module with `wasm-opt -Oz` from the npm package `binaryen`
//!    installed in `e2e/` (installed on demand; skipped with a warning when
//!    unavailable);
//! 5. writes `frontend/dist/index.html` from `frontend/index.html` and the
//!    content-hashed files under `frontend/dist/assets/`.
//!
//! `index.html` holds no inline script (the server's CSP forbids it): a small
//! generated module, `boot-<hash>.js`, imports the wasm-bindgen glue and
//! starts the module.

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use wasm_bindgen_cli_support::Bindgen;

use crate::util::{self, cargo, content_hash, file_size, human_size};

/// The compilation target of the SPA.
pub const TARGET: &str = "wasm32-unknown-unknown";
/// The SPA's package.
const PACKAGE: &str = "atende-frontend";
/// Base name of the wasm-bindgen output (`atende.js`, `atende_bg.wasm`).
const OUT_NAME: &str = "atende";
/// URL prefix of the hashed assets; the server caches it for a year.
const ASSETS_URL: &str = "/assets";

/// Options of `build-frontend`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct BuildOptions {
    /// Build with the `dev` profile: quick to compile, large and slow
    /// (implies --no-opt).
    #[arg(long)]
    pub dev: bool,
    /// Skip the `wasm-opt` pass.
    #[arg(long)]
    pub no_opt: bool,
}

/// Builds the SPA into `<root>/frontend/dist` and returns that directory.
pub fn build(root: &Path, opts: &BuildOptions) -> anyhow::Result<PathBuf> {
    let frontend = root.join("frontend");
    let target_dir = util::target_dir(root);

    ensure_target()?;
    let raw = compile(root, &target_dir, opts)?;
    let bindgen_dir = target_dir.join("wasm-bindgen");
    let (glue, mut wasm) = bindgen(&raw, &bindgen_dir, opts)?;

    let mut sizes = vec![
        ("cargo build", file_size(&raw)?),
        ("wasm-bindgen", file_size(&wasm)?),
    ];
    if opts.dev || opts.no_opt {
        eprintln!("wasm-opt: skipped (--dev/--no-opt)");
    } else if let Some(optimized) = optimize(root, &wasm)? {
        wasm = optimized;
        sizes.push(("wasm-opt -Oz", file_size(&wasm)?));
    }
    eprintln!("wasm size:");
    for (step, size) in &sizes {
        eprintln!(
            "  after {step:<13} {:>10}  ({size} bytes)",
            human_size(*size)
        );
    }

    let dist = frontend.join("dist");
    write_dist(&frontend, &dist, &bindgen_dir, &glue, &wasm)?;
    eprintln!("frontend built: {}", dist.display());
    Ok(dist)
}

/// Installs the wasm target through rustup when it is missing. Without
/// rustup (a distribution's Rust), the build below tells what is wrong.
pub fn ensure_target() -> anyhow::Result<()> {
    let installed = match util::output(std::process::Command::new("rustup").args([
        "target",
        "list",
        "--installed",
    ])) {
        Ok(list) => list,
        Err(error) => {
            util::warn(format!(
                "cannot ask rustup for the installed targets ({error:#}); assuming {TARGET} is there"
            ));
            return Ok(());
        }
    };
    if installed.lines().any(|line| line.trim() == TARGET) {
        return Ok(());
    }
    util::run(std::process::Command::new("rustup").args(["target", "add", TARGET]))
}

/// `cargo build` of the SPA; returns the raw `.wasm`.
fn compile(root: &Path, target_dir: &Path, opts: &BuildOptions) -> anyhow::Result<PathBuf> {
    let (profile, profile_dir) = if opts.dev {
        ("dev", "debug")
    } else {
        ("wasm-release", "wasm-release")
    };
    util::run(
        cargo()
            .current_dir(root)
            .args(["build", "--package", PACKAGE, "--target", TARGET])
            .args(["--profile", profile]),
    )?;
    let wasm = target_dir
        .join(TARGET)
        .join(profile_dir)
        .join(format!("{PACKAGE}.wasm"));
    if !wasm.is_file() {
        bail!("cargo did not produce `{}`", wasm.display());
    }
    Ok(wasm)
}

/// Runs wasm-bindgen (the library, same version as the `wasm-bindgen` crate
/// the SPA links) into `out_dir`; returns the JS glue and the wasm module.
fn bindgen(raw: &Path, out_dir: &Path, opts: &BuildOptions) -> anyhow::Result<(PathBuf, PathBuf)> {
    util::recreate_dir(out_dir)?;
    let mut bindgen = Bindgen::new();
    bindgen
        .input_path(raw)
        .out_name(OUT_NAME)
        .web(true)?
        .typescript(false)
        .debug(opts.dev)
        .remove_name_section(!opts.dev)
        .remove_producers_section(!opts.dev);
    bindgen
        .generate(out_dir)
        .with_context(|| format!("wasm-bindgen failed on `{}`", raw.display()))?;
    let glue = out_dir.join(format!("{OUT_NAME}.js"));
    let wasm = out_dir.join(format!("{OUT_NAME}_bg.wasm"));
    for file in [&glue, &wasm] {
        if !file.is_file() {
            bail!("wasm-bindgen did not produce `{}`", file.display());
        }
    }
    Ok((glue, wasm))
}

/// Runs `wasm-opt -Oz`; `None` when wasm-opt is unavailable.
fn optimize(root: &Path, wasm: &Path) -> anyhow::Result<Option<PathBuf>> {
    let Some(wasm_opt) = find_wasm_opt(root) else {
        util::warn(
            "wasm-opt (npm package `binaryen`, see e2e/package.json) is unavailable: \
             the wasm module is left unoptimized (several times larger)",
        );
        return Ok(None);
    };
    let optimized = wasm.with_extension("opt.wasm");
    util::run(
        std::process::Command::new(&wasm_opt)
            .arg("-Oz")
            // The features rustc enables by default for wasm32 (and every
            // current browser supports); wasm-opt must be allowed to keep them.
            .args([
                "--enable-bulk-memory",
                "--enable-mutable-globals",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(wasm)
            .arg("-o")
            .arg(&optimized),
    )?;
    Ok(Some(optimized))
}

/// `e2e/node_modules/.bin/wasm-opt`, installing the npm packages first when
/// needed.
fn find_wasm_opt(root: &Path) -> Option<PathBuf> {
    if let Err(error) = crate::setup::npm_packages(root) {
        util::warn(format!("{error:#}"));
    }
    let wasm_opt = crate::setup::npm_bin(root, "wasm-opt");
    wasm_opt.is_file().then_some(wasm_opt)
}

/// Writes `dist/`: the hashed assets, then `index.html` pointing at them.
fn write_dist(
    frontend: &Path,
    dist: &Path,
    bindgen_dir: &Path,
    glue: &Path,
    wasm: &Path,
) -> anyhow::Result<()> {
    util::recreate_dir(dist)?;
    let assets = dist.join("assets");
    fs::create_dir_all(&assets).with_context(|| format!("cannot create `{}`", assets.display()))?;

    let mut glue_js = String::from_utf8(util::read(glue)?).context("the JS glue is not UTF-8")?;
    // Inline JS of dependencies (`snippets/`), imported relatively by the
    // glue: copied under a hashed folder name so long caching stays safe.
    let snippets = bindgen_dir.join("snippets");
    if snippets.is_dir() {
        let dir_name = format!("snippets-{}", tree_hash(&snippets)?);
        util::copy_dir(&snippets, &assets.join(&dir_name))?;
        glue_js = glue_js
            .replace("'./snippets/", &format!("'./{dir_name}/"))
            .replace("\"./snippets/", &format!("\"./{dir_name}/"));
    }

    let glue_name = write_hashed(&assets, OUT_NAME, "js", glue_js.as_bytes())?;
    let wasm_name = write_hashed(
        &assets,
        &format!("{OUT_NAME}_bg"),
        "wasm",
        &util::read(wasm)?,
    )?;
    let style_name = write_hashed(
        &assets,
        "style",
        "css",
        &util::read(&frontend.join("style.css"))?,
    )?;
    let icon_name = write_hashed(
        &assets,
        "icon",
        "svg",
        &util::read(&frontend.join("icon.svg"))?,
    )?;
    // Relative URLs resolve against the boot module itself, in `/assets/`.
    let boot = format!(
        "// Generated by `cargo xtask build-frontend`: starts the Atende SPA.\n\
         import init from \"./{glue_name}\";\n\
         init({{ module_or_path: new URL(\"./{wasm_name}\", import.meta.url) }});\n"
    );
    let boot_name = write_hashed(&assets, "boot", "js", boot.as_bytes())?;

    let template_path = frontend.join("index.html");
    let template = String::from_utf8(util::read(&template_path)?)
        .with_context(|| format!("`{}` is not UTF-8", template_path.display()))?;
    let placeholders = [
        ("{{STYLE}}", &style_name),
        ("{{ICON}}", &icon_name),
        ("{{GLUE}}", &glue_name),
        ("{{WASM}}", &wasm_name),
        ("{{BOOT}}", &boot_name),
    ];
    let mut html = template;
    for (placeholder, file) in placeholders {
        if !html.contains(placeholder) {
            bail!(
                "`{}` lacks the placeholder {placeholder}",
                template_path.display()
            );
        }
        html = html.replace(placeholder, &format!("{ASSETS_URL}/{file}"));
    }
    if let Some(at) = html.find("{{") {
        let rest: String = html[at..].chars().take(40).collect();
        bail!(
            "`{}` has an unknown placeholder: {rest}…",
            template_path.display()
        );
    }
    util::write(&dist.join("index.html"), html)?;

    eprintln!("dist/assets:");
    for name in [&boot_name, &glue_name, &wasm_name, &style_name, &icon_name] {
        eprintln!(
            "  {name:<40} {:>10}",
            human_size(file_size(&assets.join(name))?)
        );
    }
    Ok(())
}

/// Writes `bytes` as `<dir>/<stem>-<hash>.<ext>`; returns the file name.
fn write_hashed(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> anyhow::Result<String> {
    let name = format!("{stem}-{}.{ext}", content_hash(bytes));
    util::write(&dir.join(&name), bytes)?;
    Ok(name)
}

/// One hash over every file (path and content) under `dir`.
fn tree_hash(dir: &Path) -> anyhow::Result<String> {
    fn collect(
        base: &Path,
        dir: &Path,
        files: &mut BTreeMap<String, Vec<u8>>,
    ) -> anyhow::Result<()> {
        for entry in
            fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                collect(base, &path, files)?;
            } else {
                let relative = path.strip_prefix(base).unwrap_or(&path);
                files.insert(
                    relative.to_string_lossy().replace('\\', "/"),
                    util::read(&path)?,
                );
            }
        }
        Ok(())
    }
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files)?;
    let mut all = Vec::new();
    for (path, content) in files {
        all.extend_from_slice(path.as_bytes());
        all.push(0);
        all.extend_from_slice(&(content.len() as u64).to_le_bytes());
        all.extend_from_slice(&content);
    }
    Ok(content_hash(&all))
}
