//! The `atende` binary: a shim over [`atende_api::cli`].

fn main() -> std::process::ExitCode {
    atende_api::cli::main()
}
