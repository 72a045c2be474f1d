//! Maintainer commands. `cargo xtask codegen [--check] [--service NAME]` regenerates the
//! service crates in `crates/` from the specs in `specs/`.

#![forbid(unsafe_code)]

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--service NAME]

  codegen            regenerate crates/<service>/ from specs/<service>.yaml
    --check          write nothing; fail and list the stale files if the checked-in
                     crates differ from what the specs produce
    --service NAME   only this service (e.g. coc)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            codegen::Options::parse(&args[1..]).and_then(|options| codegen::run(&options))
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
